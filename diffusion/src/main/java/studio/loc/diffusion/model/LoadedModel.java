package studio.loc.diffusion.model;

import ai.djl.ndarray.NDManager;
import com.google.gson.JsonObject;
import java.nio.file.Path;
import java.util.Optional;
import studio.loc.diffusion.codec.Autoencoder;
import studio.loc.diffusion.unet.UNet;

/**
 * A base model ready to run: its config, codec and UNet with weights loaded. The hypernetwork is not built here
 * (diffusion does not know it): the hypernet module builds it from {@link #hypernetConfig()} and loads
 * {@link #hypernetWeights()}. Closing frees every tensor of the model.
 *
 * @param modelSha256 fingerprint of the networks a change applies to (see {@link ModelFolder#fingerprint})
 */
public record LoadedModel(ModelConfig config, Autoencoder codec, UNet unet, Path folder, String modelSha256,
                          NDManager manager) implements AutoCloseable {

    /** The hypernetwork's weight file, if the folder has one listed in model.json. */
    public Optional<Path> hypernetWeights() {
        return config.sha256().containsKey(ModelFolder.HYPERNET_FILE)
                ? Optional.of(folder.resolve(ModelFolder.HYPERNET_FILE)) : Optional.empty();
    }

    /** model.json's {@code hypernet} object (a copy). */
    public JsonObject hypernetConfig() {
        return config.hypernet();
    }

    @Override
    public void close() {
        manager.close();
    }
}
