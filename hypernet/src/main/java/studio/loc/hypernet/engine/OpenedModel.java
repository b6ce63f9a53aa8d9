package studio.loc.hypernet.engine;

import ai.djl.ndarray.NDManager;
import java.io.IOException;
import java.nio.file.Path;
import studio.loc.diffusion.model.LoadedModel;
import studio.loc.diffusion.model.ModelFolder;
import studio.loc.diffusion.model.ModelFormatException;
import studio.loc.hypernet.net.HypernetLoader;
import studio.loc.hypernet.net.LocHypernetwork;

/**
 * A model folder loaded with its networks in reach: its codec and UNet ({@link LoadedModel}) and its hypernetwork,
 * under one root manager that closing frees. {@link LocChangeEngine} runs on one; the benchmarks and per-pair
 * learners reach its networks through {@link LocChangeEngine#networks()}.
 */
public final class OpenedModel implements AutoCloseable {

    private final NDManager root;
    private final LoadedModel model;
    private final LocHypernetwork hypernet;

    private OpenedModel(NDManager root, LoadedModel model, LocHypernetwork hypernet) {
        this.root = root;
        this.model = model;
        this.hypernet = hypernet;
    }

    /** Loads the folder, checking every weight file's checksum. */
    public static OpenedModel open(Path folder) throws ModelFormatException, IOException {
        NDManager root = NDManager.newBaseManager();
        try {
            LoadedModel model = ModelFolder.load(folder, root);
            return new OpenedModel(root, model, HypernetLoader.load(model, model.manager()));
        } catch (ModelFormatException | IOException | RuntimeException e) {
            root.close(); // frees whatever part of the model was loaded: it all lives below root
            throw e;
        }
    }

    public NDManager root() {
        return root;
    }

    public LoadedModel model() {
        return model;
    }

    public LocHypernetwork hypernet() {
        return hypernet;
    }

    /** The model as a report names it. */
    public String describe() {
        return "\"" + model.config().name() + "\" (sha256 " + model.modelSha256().substring(0, 12) + "…) in "
                + model.folder().toAbsolutePath();
    }

    @Override
    public void close() {
        hypernet.close();
        model.close();
        root.close();
    }
}
