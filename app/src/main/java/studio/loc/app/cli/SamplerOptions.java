package studio.loc.app.cli;

import picocli.CommandLine.Option;
import studio.loc.diffusion.sample.SamplingOptions;

/** The "advanced" sampler knobs; anything not given (and the start fraction) comes from the model's defaults. */
public final class SamplerOptions {

    @Option(names = "--steps", paramLabel = "N", description = "Denoising steps (default: the model's).")
    Integer steps;

    @Option(names = "--seed", paramLabel = "K", description = "Noise seed; the same seed gives the same result "
            + "(default: the model's).")
    Long seed;

    @Option(names = "--guidance", paramLabel = "G", description = "Image-guidance scale, 1 = none "
            + "(default: the model's).")
    Double guidance;

    SamplingOptions resolve(SamplingOptions defaults) throws CliException {
        try {
            return defaults.with(steps != null ? steps : defaults.steps(), seed != null ? seed : defaults.seed(),
                    guidance != null ? guidance : defaults.guidance());
        } catch (IllegalArgumentException e) {
            throw new CliException("Invalid sampler setting: " + e.getMessage(), ExitCodes.USAGE, e);
        }
    }
}
