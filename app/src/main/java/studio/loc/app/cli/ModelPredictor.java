package studio.loc.app.cli;

import studio.loc.diffusion.sample.SamplingOptions;
import studio.loc.hypernet.engine.ChangeEngine;
import studio.loc.hypernet.engine.EnginePredictor;
import studio.loc.hypernet.engine.ModelInfo;
import studio.loc.hypernet.eval.EditPredictor;

/**
 * The model opened for {@code eval} exactly as {@code learn} and {@code apply} open it ({@link EngineOpener}): each
 * quad's change is learned and applied by the engine ({@link EnginePredictor}). Owns the engine until closed.
 */
final class ModelPredictor implements AutoCloseable {

    private final ChangeEngine engine;
    private final SamplingOptions sampling;
    private final EditPredictor predictor;
    private final EditPredictor modelAlone;

    private ModelPredictor(ChangeEngine engine, SamplingOptions sampling, double strength, CliEnvironment env) {
        this.engine = engine;
        this.sampling = sampling;
        this.predictor = new EnginePredictor(engine, strength, sampling, true, env.cancel());
        this.modelAlone = new EnginePredictor(engine, strength, sampling, false, env.cancel());
    }

    /** Finds and loads the model (every weight file checked), with the sampler settings given on the command line. */
    static ModelPredictor open(CliEnvironment environment, CommonOptions common, SamplerOptions options,
                               double strength) throws CliException {
        if (!(strength >= ChangeEngine.MIN_STRENGTH && strength <= ChangeEngine.MAX_STRENGTH)) {
            throw new CliException("--strength must be between " + ChangeEngine.MIN_STRENGTH + " and "
                    + ChangeEngine.MAX_STRENGTH + ", got " + strength, ExitCodes.USAGE);
        }
        ChangeEngine engine;
        try {
            engine = EngineOpener.open(environment, common);
        } catch (CliException e) {
            throw new CliException(e.getMessage() + " (Or run with --baselines-only.)", e.exitCode(), e);
        }
        try {
            return new ModelPredictor(engine, options.resolve(engine.model().defaults()), strength, environment);
        } catch (CliException | RuntimeException e) {
            engine.close();
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
        ModelInfo model = engine.model();
        return "\"" + model.name() + "\" (sha256 " + model.sha256().substring(0, Math.min(12, model.sha256().length()))
                + "…) in " + model.folder().toAbsolutePath() + ", " + sampling.steps() + " steps, seed "
                + sampling.seed() + ", guidance " + sampling.guidance();
    }

    @Override
    public void close() {
        engine.close();
    }
}
