package studio.loc.app;

import ai.djl.ndarray.NDManager;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import studio.loc.diffusion.codec.Autoencoder;
import studio.loc.diffusion.codec.AutoencoderConfig;
import studio.loc.diffusion.model.ModelConfig;
import studio.loc.diffusion.model.ModelFolder;
import studio.loc.diffusion.model.SamplerDefaults;
import studio.loc.diffusion.model.TinyModels;
import studio.loc.diffusion.nn.ParameterStore;
import studio.loc.diffusion.tensor.DType;
import studio.loc.diffusion.unet.TinyNetworks;
import studio.loc.diffusion.unet.UNet;
import studio.loc.diffusion.unet.UNetConfig;
import studio.loc.hypernet.net.HypernetConfig;
import studio.loc.hypernet.net.LocHypernetwork;

/**
 * A tiny but real model folder (model.json, autoencoder, UNet and hypernetwork weights) that {@code LocChangeEngine}
 * opens like the bundled model: random weights, 32-px working size, rank 2. The zero-initialised layers (UNet output,
 * the hypernetwork's up heads) get seeded noise, so a learned change is not all zeros and its effect is visible.
 * Different seeds give different weights and so a different model fingerprint.
 */
final class TinyModelFixture {

    /** The working size: a multiple of the tiny codec's factor (2) times the tiny UNet's downscale (2). */
    static final int IMAGE_SIZE = 32;
    /** Few steps keep the end-to-end tests fast; guidance 1 skips the unconditional pass. */
    static final SamplerDefaults SAMPLER = new SamplerDefaults(2, 1.0, 7, SamplerDefaults.SCALED_LINEAR, 1000, 1.0);

    private TinyModelFixture() {
    }

    /** Writes model {@code name} into {@code folder}; {@code seed} decides every weight. */
    static Path write(Path folder, String name, long seed) throws IOException {
        HypernetConfig hypernetConfig = HypernetConfig.tiny();
        ModelConfig config = new ModelConfig(name, "0.0.1", IMAGE_SIZE, Map.of(), AutoencoderConfig.tiny(),
                UNetConfig.tiny(), hypernetConfig.toJson(), TinyModels.slotsOf(UNetConfig.tiny()),
                hypernetConfig.rank(), hypernetConfig.alpha(), SAMPLER);
        try (NDManager manager = NDManager.newBaseManager();
             ParameterStore codecStore = new ParameterStore(manager, seed);
             ParameterStore unetStore = new ParameterStore(manager, seed + 1)) {
            Autoencoder codec = new Autoencoder(config.codec(), codecStore);
            UNet unet = new UNet(config.unet(), unetStore);
            TinyNetworks.randomise(codecStore, seed + 2, 0.05);
            TinyNetworks.randomise(unetStore, seed + 3, 0.05);
            try (LocHypernetwork hypernet = LocHypernetwork.create(manager, hypernetConfig, unet.slots(), seed + 4)) {
                TinyNetworks.randomise(hypernet.parameters(), seed + 5, 0.05);
                ModelFolder.save(folder, config, codec, unet, hypernet.parameters(), DType.F32);
            }
        }
        return folder;
    }

    /** Flips bytes in the middle of the UNet weights: the file keeps its size but no longer matches model.json. */
    static void damageUnetWeights(Path folder) throws IOException {
        Path weights = folder.resolve(ModelFolder.UNET_FILE);
        byte[] bytes = Files.readAllBytes(weights);
        for (int i = bytes.length / 2; i < bytes.length / 2 + 16; i++) {
            bytes[i] = (byte) ~bytes[i];
        }
        Files.write(weights, bytes);
    }
}
