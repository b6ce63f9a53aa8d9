package studio.loc.diffusion.model;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import studio.loc.diffusion.codec.Autoencoder;
import studio.loc.diffusion.lora.LoraContext;
import studio.loc.diffusion.nn.LinearLayer;
import studio.loc.diffusion.nn.ParameterStore;
import studio.loc.diffusion.tensor.DType;
import studio.loc.diffusion.unet.TinyNetworks;
import studio.loc.diffusion.unet.UNet;

class ModelFolderTest {

    @TempDir
    Path dir;

    private ModelConfig saveTiny(NDManager m, DType storage) throws IOException {
        ModelConfig config = TinyModels.config();
        try (ParameterStore codecStore = new ParameterStore(m, 1); ParameterStore unetStore = new ParameterStore(m, 2);
             ParameterStore hyper = new ParameterStore(m, 3)) {
            Autoencoder codec = new Autoencoder(config.codec(), codecStore);
            UNet unet = new UNet(config.unet(), unetStore);
            TinyNetworks.randomise(codecStore, 4, 0.05);
            TinyNetworks.randomise(unetStore, 5, 0.05);
            LinearLayer.plain(hyper, "head", 4, 4);
            return ModelFolder.save(dir, config, codec, unet, hyper, storage);
        }
    }

    @Test
    void savedModelLoadsWithIdenticalOutputs() throws Exception {
        try (NDManager m = NDManager.newBaseManager()) {
            ModelConfig config = TinyModels.config();
            NDArray images = TinyNetworks.normal(m, 7, new Shape(1, 3, 16, 16)).clip(-1, 1);
            float[] expectedLatent;
            float[] expectedNoise;
            float[] expectedImage;
            try (ParameterStore codecStore = new ParameterStore(m, 1); ParameterStore unetStore = new ParameterStore(m, 2)) {
                Autoencoder codec = new Autoencoder(config.codec(), codecStore);
                UNet unet = new UNet(config.unet(), unetStore);
                TinyNetworks.randomise(codecStore, 4, 0.05);
                TinyNetworks.randomise(unetStore, 5, 0.05);
                NDArray latent = codec.encode(images);
                expectedLatent = latent.toFloatArray();
                expectedNoise = unet.predictNoise(latent, latent.mul(-1), m.create(new float[] {42}),
                        LoraContext.NONE).toFloatArray();
                expectedImage = codec.decode(latent).toFloatArray();
                ModelConfig written = ModelFolder.save(dir, config, codec, unet, null, DType.F32);
                assertEquals(2, written.sha256().size());
                try (var files = Files.list(dir)) {
                    assertEquals(java.util.Set.of("model.json", ModelFolder.AUTOENCODER_FILE, ModelFolder.UNET_FILE),
                            files.map(f -> f.getFileName().toString()).collect(java.util.stream.Collectors.toSet()));
                }
            }
            try (LoadedModel model = ModelFolder.load(dir, m)) {
                NDArray latent = model.codec().encode(images);
                assertArrayEquals(expectedLatent, latent.toFloatArray());
                assertArrayEquals(expectedNoise, model.unet().predictNoise(latent, latent.mul(-1),
                        m.create(new float[] {42}), LoraContext.NONE).toFloatArray());
                assertArrayEquals(expectedImage, model.codec().decode(latent).toFloatArray());
                assertEquals(config.slots(), model.unet().slots());
                assertTrue(model.hypernetWeights().isEmpty());
                assertEquals(64, model.modelSha256().length());
            }
        }
    }

    /** Change files record this fingerprint; a model must keep recognising the change files made for it. */
    @Test
    void theFingerprintIsTheOneExistingChangeFilesRecorded() {
        Map<String, String> sums = Map.of(ModelFolder.AUTOENCODER_FILE, "aaa", ModelFolder.UNET_FILE, "bbb",
                ModelFolder.HYPERNET_FILE, "ccc");
        assertEquals("4e1a8c7cff0bf13360f743e43d5509670f1e80a8bb34190f91f67ed646fcc0bc", ModelFolder.fingerprint(sums));
    }

    @Test
    void halfPrecisionWeightsLoadAsFloatAndTheFingerprintIgnoresTheHypernet() throws Exception {
        try (NDManager m = NDManager.newBaseManager()) {
            ModelConfig written = saveTiny(m, DType.F16);
            assertEquals(3, written.sha256().size());
            String withHypernet;
            try (LoadedModel model = ModelFolder.load(dir, m)) {
                assertEquals(dir.resolve(ModelFolder.HYPERNET_FILE), model.hypernetWeights().orElseThrow());
                assertEquals(16, model.hypernetConfig().get("width").getAsInt());
                withHypernet = model.modelSha256();
            }
            Map<String, String> sums = new java.util.TreeMap<>(written.sha256());
            sums.remove(ModelFolder.HYPERNET_FILE);
            assertEquals(withHypernet, ModelFolder.fingerprint(sums));
            sums.put(ModelFolder.UNET_FILE, "0".repeat(64));
            assertTrue(!withHypernet.equals(ModelFolder.fingerprint(sums)));
        }
    }

    @Test
    void aDamagedWeightFileIsRefusedByName() throws Exception {
        try (NDManager m = NDManager.newBaseManager()) {
            saveTiny(m, DType.F32);
            Files.write(dir.resolve(ModelFolder.UNET_FILE), new byte[] {1}, StandardOpenOption.APPEND);
            ModelFormatException e = assertThrows(ModelFormatException.class, () -> ModelFolder.load(dir, m));
            assertTrue(e.getMessage().contains(ModelFolder.UNET_FILE) && e.getMessage().contains("damaged"),
                    e.getMessage());
            Files.delete(dir.resolve(ModelFolder.HYPERNET_FILE));
            e = assertThrows(ModelFormatException.class, () -> ModelFolder.load(dir, m));
            assertTrue(e.getMessage().contains(ModelFolder.HYPERNET_FILE), e.getMessage());
        }
    }

    @Test
    void aSlotListThatDoesNotMatchTheUNetIsRefused() throws Exception {
        try (NDManager m = NDManager.newBaseManager()) {
            ModelConfig written = saveTiny(m, DType.F32);
            java.util.List<studio.loc.diffusion.lora.LoraSlot> slots = new java.util.ArrayList<>(written.slots());
            slots.set(1, studio.loc.diffusion.lora.LoraSlot.conv("down.0.res.0.conv9", 8, 8, 3));
            new ModelConfig(written.name(), written.version(), written.imageSize(), written.sha256(), written.codec(),
                    written.unet(), written.hypernet(), slots, written.rank(), written.alpha(), written.sampler())
                    .write(dir);
            ModelFormatException e = assertThrows(ModelFormatException.class, () -> ModelFolder.load(dir, m));
            assertTrue(e.getMessage().contains("slot list") && e.getMessage().contains("down.0.res.0.conv9"),
                    e.getMessage());
        }
    }

    @Test
    void weightsThatDoNotFitTheNetworkAreRefused() throws Exception {
        try (NDManager m = NDManager.newBaseManager(); ParameterStore a = new ParameterStore(m, 1);
             ParameterStore b = new ParameterStore(m, 1); ParameterStore c = new ParameterStore(m, 1)) {
            LinearLayer.plain(a, "l", 4, 3);
            LinearLayer.plain(a, "extra", 2, 2);
            LinearLayer.plain(b, "l", 4, 3);
            LinearLayer.plain(c, "l", 5, 3);
            Path file = dir.resolve("w.safetensors");
            WeightsIo.save(a, file, Map.of(), DType.F32);
            ModelFormatException extra = assertThrows(ModelFormatException.class, () -> WeightsIo.load(b, file));
            assertTrue(extra.getMessage().contains("unexpected extra.weight"), extra.getMessage());
            WeightsIo.save(b, file, Map.of(), DType.F32);
            ModelFormatException shape = assertThrows(ModelFormatException.class, () -> WeightsIo.load(c, file));
            assertTrue(shape.getMessage().contains("l.weight has shape [3, 4]"), shape.getMessage());
            ModelFormatException missing = assertThrows(ModelFormatException.class, () -> WeightsIo.load(a, file));
            assertTrue(missing.getMessage().contains("missing extra.weight"), missing.getMessage());
        }
    }
}
