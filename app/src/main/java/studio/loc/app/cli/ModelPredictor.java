package studio.loc.app.cli;

import ai.djl.ndarray.NDManager;
import java.io.IOException;
import java.nio.file.Path;
import studio.loc.app.engine.SamplerSettings;
import studio.loc.app.model.ModelNotFoundException;
import studio.loc.diffusion.model.LoadedModel;
import studio.loc.diffusion.model.ModelFolder;
import studio.loc.diffusion.model.ModelFormatException;
import studio.loc.diffusion.model.SamplerDefaults;
import studio.loc.diffusion.pipeline.EditPipeline;
import studio.loc.diffusion.sample.SamplingOptions;
import studio.loc.hypernet.eval.EditPredictor;
import studio.loc.hypernet.net.HypernetLoader;
import studio.loc.hypernet.net.LocHypernetwork;
import studio.loc.hypernet.train.HypernetPredictor;

/**
 * A model folder opened for {@code eval}: its hypernetwork learns each quad's change and the edit pipeline applies
 * it ({@link HypernetPredictor}). Owns the model's native memory until closed.
 */
final class ModelPredictor implements AutoCloseable {

    private final NDManager root;
    private final LoadedModel model;
    private final LocHypernetwork hypernet;
    private final EditPipeline pipeline;
    private final HypernetPredictor predictor;
    private final SamplingOptions sampling;

    private ModelPredictor(NDManager root, LoadedModel model, LocHypernetwork hypernet, SamplingOptions sampling,
                           float strength) {
        this.root = root;
        this.model = model;
        this.hypernet = hypernet;
        this.sampling = sampling;
        this.pipeline = EditPipeline.forModel(model);
        this.predictor = new HypernetPredictor(hypernet, pipeline, strength, sampling);
    }

    /** Finds and loads the model (every weight file checked), with the sampler settings given on the command line. */
    static ModelPredictor open(CliEnvironment environment, CommonOptions common, SamplerOptions options,
                               float strength) throws CliException {
        Path folder;
        try {
            folder = environment.models().locate(common.model);
        } catch (ModelNotFoundException e) {
            throw new CliException(e.getMessage() + " (Or run with --baselines-only.)", ExitCodes.USAGE, e);
        }
        NDManager root = NDManager.newBaseManager();
        LoadedModel model = null;
        LocHypernetwork hypernet = null;
        try {
            model = ModelFolder.load(folder, root);
            hypernet = HypernetLoader.load(model, root);
            SamplerDefaults defaults = model.config().sampler();
            SamplerSettings settings = options.resolve(new SamplerSettings(defaults.steps(), defaults.seed(),
                    defaults.guidance()));
            return new ModelPredictor(root, model, hypernet, new SamplingOptions(settings.steps(), settings.seed(),
                    settings.guidance(), defaults.startFraction()), strength);
        } catch (ModelFormatException | IOException | RuntimeException | CliException e) {
            if (hypernet != null) {
                hypernet.close();
            }
            if (model != null) {
                model.close();
            }
            root.close();
            if (e instanceof CliException cli) {
                throw cli;
            }
            throw new CliException("Cannot open the model in " + folder + ": " + e.getMessage(), ExitCodes.USAGE, e);
        }
    }

    EditPredictor predictor() {
        return predictor;
    }

    /** The model as the report names it. */
    String describe() {
        return "\"" + model.config().name() + "\" (sha256 " + model.modelSha256().substring(0, 12) + "…) in "
                + model.folder() + ", " + sampling.steps() + " steps, seed " + sampling.seed() + ", guidance "
                + sampling.guidance();
    }

    @Override
    public void close() {
        pipeline.close();
        hypernet.close();
        model.close();
        root.close();
    }
}
