package studio.loc.diffusion.pipeline;

import java.util.Objects;
import studio.loc.diffusion.image.Picture;
import studio.loc.diffusion.lora.LoraContext;
import studio.loc.diffusion.pairfit.FittedBlend;
import studio.loc.diffusion.sample.SamplingOptions;

/**
 * One edit: the query picture (any size; the pipeline does not take ownership), the change as a LoRA context
 * ({@link LoraContext#NONE} when the change was merged into the weights) and the sampler settings.
 *
 * @param sampling steps, seed, guidance and start of the sampling run (the same request gives the same picture)
 * @param fitted the change's fitted part (filter and colour table) at the same strength as the LoRA
 *               ({@link FittedBlend#NONE} for none)
 */
public record EditRequest(Picture query, LoraContext lora, SamplingOptions sampling, FittedBlend fitted) {

    public EditRequest {
        Objects.requireNonNull(query, "query");
        Objects.requireNonNull(lora, "lora");
        Objects.requireNonNull(sampling, "sampling");
        Objects.requireNonNull(fitted, "fitted");
    }

    /** A request whose change has no fitted part. */
    public EditRequest(Picture query, LoraContext lora, SamplingOptions sampling) {
        this(query, lora, sampling, FittedBlend.NONE);
    }

    /** The same request with the change's fitted part. */
    public EditRequest withFitted(FittedBlend blend) {
        return new EditRequest(query, lora, sampling, blend);
    }
}
