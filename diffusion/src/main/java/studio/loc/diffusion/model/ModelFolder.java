package studio.loc.diffusion.model;

import ai.djl.ndarray.NDManager;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import studio.loc.diffusion.codec.Autoencoder;
import studio.loc.diffusion.io.Sha256;
import studio.loc.diffusion.lora.LoraSlot;
import studio.loc.diffusion.nn.ParameterStore;
import studio.loc.diffusion.tensor.DType;
import studio.loc.diffusion.unet.UNet;

/**
 * Reads and writes a base-model folder: {@code model.json} plus {@code autoencoder.safetensors},
 * {@code unet.safetensors} and (optionally) {@code hypernet.safetensors}. Every weight file listed in model.json
 * is checked against its SHA-256 before use.
 */
public final class ModelFolder {

    public static final String AUTOENCODER_FILE = "autoencoder.safetensors";
    public static final String UNET_FILE = "unet.safetensors";
    public static final String HYPERNET_FILE = "hypernet.safetensors";

    private ModelFolder() {
    }

    /**
     * Opens a model folder.
     *
     * @param parent the new model's tensors live in a child of this manager, freed when the model is closed
     * @throws ModelFormatException when model.json is invalid, a weight file is missing or damaged, or the weights
     *                              do not fit the configured networks
     */
    public static LoadedModel load(Path folder, NDManager parent) throws ModelFormatException, IOException {
        ModelConfig config = ModelConfig.read(folder);
        for (String required : List.of(AUTOENCODER_FILE, UNET_FILE)) {
            if (!config.sha256().containsKey(required)) {
                throw new ModelFormatException("model.json in " + folder + " lists no checksum for " + required);
            }
        }
        for (Map.Entry<String, String> entry : config.sha256().entrySet()) {
            Path file = folder.resolve(entry.getKey()).toAbsolutePath().normalize();
            if (!folder.toAbsolutePath().normalize().equals(file.getParent())) {
                throw new ModelFormatException("model.json names a weight file outside its folder: " + entry.getKey());
            }
            if (!Files.isRegularFile(file)) {
                throw new ModelFormatException("the model folder " + folder + " has no " + entry.getKey());
            }
            String actual = Sha256.ofFile(file);
            if (!actual.equals(entry.getValue())) {
                throw new ModelFormatException(entry.getKey() + " in " + folder
                        + " is damaged or was replaced: its SHA-256 is " + actual + " but model.json expects "
                        + entry.getValue());
            }
        }
        NDManager manager = parent.newSubManager();
        try {
            Autoencoder codec = new Autoencoder(config.codec(), new ParameterStore(manager, 0));
            UNet unet = new UNet(config.unet(), new ParameterStore(manager, 0));
            if (!unet.slots().equals(config.slots())) {
                throw new ModelFormatException("model.json's LoRA slot list does not match its UNet config ("
                        + describeDifference(config.slots(), unet.slots()) + ")");
            }
            WeightsIo.load(codec.parameters(), folder.resolve(AUTOENCODER_FILE));
            WeightsIo.load(unet.parameters(), folder.resolve(UNET_FILE));
            return new LoadedModel(config, codec, unet, folder, fingerprint(config.sha256()), manager);
        } catch (ModelFormatException | IOException | RuntimeException e) {
            manager.close();
            throw e;
        }
    }

    /**
     * Writes a model folder: the weight files, then model.json with their checksums and the UNet's slot list.
     *
     * @param hypernet the hypernetwork's parameters, or null for a folder without one yet
     * @param storage  F32 or F16
     * @return the config as written (with checksums)
     */
    public static ModelConfig save(Path folder, ModelConfig config, Autoencoder codec, UNet unet,
                                   ParameterStore hypernet, DType storage) throws IOException {
        if (!codec.config().equals(config.codec()) || !unet.config().equals(config.unet())) {
            throw new IllegalArgumentException("the networks do not match the config being saved");
        }
        Files.createDirectories(folder);
        Map<String, String> meta = Map.of("format", ModelConfig.FORMAT, "model", config.name());
        Map<String, String> sums = new LinkedHashMap<>();
        sums.put(AUTOENCODER_FILE, writeWeights(codec.parameters(), folder, AUTOENCODER_FILE, meta, storage));
        sums.put(UNET_FILE, writeWeights(unet.parameters(), folder, UNET_FILE, meta, storage));
        if (hypernet != null) {
            sums.put(HYPERNET_FILE, writeWeights(hypernet, folder, HYPERNET_FILE, meta, storage));
        }
        ModelConfig written = new ModelConfig(config.name(), config.version(), config.imageSize(), sums,
                config.codec(), config.unet(), config.hypernet(), unet.slots(), config.rank(), config.alpha(),
                config.sampler());
        Path json = folder.resolve(ModelConfig.FILE_NAME + ".tmp");
        Files.writeString(json, written.toJson(), StandardCharsets.UTF_8);
        replace(json, folder.resolve(ModelConfig.FILE_NAME));
        return written;
    }

    /** Writes next to the target and moves it in place, so a crash never leaves a half-written file. */
    private static String writeWeights(ParameterStore store, Path folder, String name, Map<String, String> meta,
                                       DType storage) throws IOException {
        Path temporary = folder.resolve(name + ".tmp");
        WeightsIo.save(store, temporary, meta, storage);
        String checksum = Sha256.ofFile(temporary);
        replace(temporary, folder.resolve(name));
        return checksum;
    }

    private static void replace(Path source, Path target) throws IOException {
        try {
            Files.move(source, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } catch (AtomicMoveNotSupportedException e) {
            Files.move(source, target, StandardCopyOption.REPLACE_EXISTING);
        }
    }

    /**
     * The model's identity for change files: SHA-256 over the codec's and UNet's checksums. The hypernetwork is left
     * out on purpose: retraining it does not change what an existing change file applies to.
     */
    public static String fingerprint(Map<String, String> checksums) {
        StringBuilder lines = new StringBuilder();
        for (String file : List.of(AUTOENCODER_FILE, UNET_FILE)) {
            lines.append(file).append(' ').append(checksums.getOrDefault(file, "")).append('\n');
        }
        return Sha256.ofText(lines.toString());
    }

    private static String describeDifference(List<LoraSlot> listed, List<LoraSlot> built) {
        for (int i = 0; i < Math.min(listed.size(), built.size()); i++) {
            if (!listed.get(i).equals(built.get(i))) {
                return "slot " + i + ": listed " + listed.get(i).name() + " " + listed.get(i).in() + "→"
                        + listed.get(i).out() + ", the UNet has " + built.get(i).name() + " " + built.get(i).in() + "→"
                        + built.get(i).out();
            }
        }
        return listed.size() + " slots listed, the UNet has " + built.size();
    }
}
