package studio.loc.hypernet.net;

import ai.djl.ndarray.NDManager;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Optional;
import studio.loc.diffusion.model.LoadedModel;
import studio.loc.diffusion.model.ModelFormatException;
import studio.loc.diffusion.model.WeightsIo;

/**
 * Builds the hypernetwork of a model folder: its shape from model.json ({@code hypernet} object, with the model's
 * rank and alpha), its slots from the UNet, its weights from hypernet.safetensors.
 */
public final class HypernetLoader {

    private HypernetLoader() {
    }

    /**
     * The model's trained hypernetwork.
     *
     * @throws ModelFormatException when model.json's hypernet config is invalid, the folder has no trained
     *                              hypernetwork, or its weights do not fit the config
     */
    public static LocHypernetwork load(LoadedModel model, NDManager parent) throws ModelFormatException, IOException {
        Optional<Path> weights = model.hypernetWeights();
        if (weights.isEmpty()) {
            throw new ModelFormatException("model \"" + model.config().name() + "\" in " + model.folder()
                    + " has no trained hypernetwork (hypernet.safetensors), so it cannot learn changes from pairs");
        }
        LocHypernetwork hypernet = fresh(model, parent, 0);
        try {
            WeightsIo.load(hypernet.parameters(), weights.get());
            return hypernet;
        } catch (ModelFormatException | IOException | RuntimeException e) {
            hypernet.close();
            throw e;
        }
    }

    /** An untrained hypernetwork for the model (the start of training), initialised from {@code seed}. */
    public static LocHypernetwork fresh(LoadedModel model, NDManager parent, long seed) throws ModelFormatException {
        return LocHypernetwork.create(parent, config(model), model.unet().slots(), seed);
    }

    /** model.json's hypernet config with the model's rank and alpha. */
    public static HypernetConfig config(LoadedModel model) throws ModelFormatException {
        try {
            return HypernetConfig.fromJson(model.hypernetConfig()).withLora(model.config().rank(),
                    model.config().alpha());
        } catch (IllegalArgumentException e) {
            throw new ModelFormatException("model.json in " + model.folder() + " has an invalid hypernet config: "
                    + e.getMessage(), e);
        }
    }
}
