package studio.loc.diffusion.pipeline;

import java.util.Objects;
import studio.loc.diffusion.image.Picture;
import studio.loc.diffusion.lora.LoraContext;
import studio.loc.diffusion.model.SamplerDefaults;
import studio.loc.diffusion.pairfit.FittedBlend;
import studio.loc.diffusion.sample.SamplingOptions;

/**
 * One edit: the query picture (any size; the pipeline does not take ownership), the change as a LoRA context
 * ({@link LoraContext#NONE} when the change was merged into the weights) and the sampler settings.
 *
 * @param steps DDIM steps
 * @param seed noise seed: the same request gives the same picture
 * @param guidance image guidance (1 = no unconditional pass)
 * @param startFraction 1.0 starts from pure noise, less from the noised query (see {@link SamplingOptions})
 * @param fitted the change's fitted part (filter and colour table) at the same strength as the LoRA
 *               ({@link FittedBlend#NONE} for none)
 */
public record EditRequest(Picture query, LoraContext lora, int steps, long seed, double guidance,
                          double startFraction, FittedBlend fitted) {

    public EditRequest {
        Objects.requireNonNull(query, "query");
        Objects.requireNonNull(lora, "lora");
        Objects.requireNonNull(fitted, "fitted");
        samplingOptions(steps, seed, guidance, startFraction);
    }

    /** A request whose change has no fitted part. */
    public EditRequest(Picture query, LoraContext lora, int steps, long seed, double guidance, double startFraction) {
        this(query, lora, steps, seed, guidance, startFraction, FittedBlend.NONE);
    }

    /** The same request with the change's fitted part. */
    public EditRequest withFitted(FittedBlend blend) {
        return new EditRequest(query, lora, steps, seed, guidance, startFraction, blend);
    }

    /** The request with the default sampler settings. */
    public static EditRequest of(Picture query, LoraContext lora, long seed) {
        return new EditRequest(query, lora, SamplingOptions.DEFAULT_STEPS, seed, SamplingOptions.DEFAULT_GUIDANCE,
                SamplingOptions.DEFAULT_START_FRACTION);
    }

    /** The request with a model's sampler defaults (steps, guidance, seed, start). */
    public static EditRequest of(Picture query, LoraContext lora, SamplerDefaults defaults) {
        return new EditRequest(query, lora, defaults.steps(), defaults.seed(), defaults.guidance(),
                defaults.startFraction());
    }

    public SamplingOptions samplingOptions() {
        return samplingOptions(steps, seed, guidance, startFraction);
    }

    private static SamplingOptions samplingOptions(int steps, long seed, double guidance, double startFraction) {
        return new SamplingOptions(steps, seed, guidance, startFraction);
    }
}
