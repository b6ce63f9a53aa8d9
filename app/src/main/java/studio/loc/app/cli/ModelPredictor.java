package studio.loc.app.cli;

import java.io.IOException;
import java.nio.file.Path;
import studio.loc.app.engine.SamplerSettings;
import studio.loc.app.model.ModelNotFoundException;
import studio.loc.app.model.OpenedModel;
import studio.loc.diffusion.model.ModelFormatException;
import studio.loc.diffusion.model.SamplerDefaults;
import studio.loc.diffusion.pipeline.EditPipeline;
import studio.loc.diffusion.sample.SamplingOptions;
import studio.loc.hypernet.eval.EditPredictor;
import studio.loc.hypernet.train.HypernetPredictor;

/**
 * A model folder opened for {@code eval}: its hypernetwork learns each quad's change and the edit pipeline applies
 * it ({@link HypernetPredictor}). Owns the model's native memory until closed.
 */
final class ModelPredictor implements AutoCloseable {

    private final OpenedModel opened;
    private final EditPipeline pipeline;
    private final HypernetPredictor predictor;
    private final HypernetPredictor modelAlone;
    private final SamplingOptions sampling;

    private ModelPredictor(OpenedModel opened, SamplingOptions sampling, float strength) {
        this.opened = opened;
        this.sampling = sampling;
        this.pipeline = EditPipeline.forModel(opened.model());
        this.predictor = new HypernetPredictor(opened.hypernet(), pipeline, strength, sampling);
        this.modelAlone = new HypernetPredictor(opened.hypernet(), pipeline, strength, sampling, false);
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
        OpenedModel opened;
        try {
            opened = OpenedModel.open(folder);
        } catch (ModelFormatException | IOException | RuntimeException e) {
            throw new CliException("Cannot open the model in " + folder + ": " + e.getMessage(), ExitCodes.USAGE, e);
        }
        try {
            SamplerDefaults defaults = opened.model().config().sampler();
            SamplerSettings settings = options.resolve(new SamplerSettings(defaults.steps(), defaults.seed(),
                    defaults.guidance()));
            return new ModelPredictor(opened, new SamplingOptions(settings.steps(), settings.seed(),
                    settings.guidance(), defaults.startFraction()), strength);
        } catch (CliException | RuntimeException e) {
            opened.close();
            throw e;
        }
    }

    /** Changes as the app learns them: the LoRA and its fitted part. */
    EditPredictor predictor() {
        return predictor;
    }

    /** The diffusion model alone: the LoRA without the fitted part (filter and colour table). */
    EditPredictor modelAlone() {
        return modelAlone;
    }

    /** The model as the report names it. */
    String describe() {
        return opened.describe() + ", " + sampling.steps() + " steps, seed " + sampling.seed() + ", guidance "
                + sampling.guidance();
    }

    @Override
    public void close() {
        pipeline.close();
        opened.close();
    }
}
