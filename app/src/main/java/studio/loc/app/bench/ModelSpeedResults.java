package studio.loc.app.bench;

import java.util.List;
import studio.loc.diffusion.model.SamplerDefaults;
import studio.loc.diffusion.unet.UNetConfig;

/**
 * What {@link ModelSpeedBenchmark} measured on one model (sections 1, 2, 3 and 5 of the report).
 *
 * @param model the model as the report names it
 * @param unetParameters the UNet's scalar parameter count
 * @param slots LoRA slots of the UNet
 * @param evaluationsPerEdit UNet evaluations the sampler defaults make per edit (each a batch of 2 with guidance)
 * @param photoWidth the example pair's width
 * @param photoHeight the example pair's height
 * @param firstLearnMs the process's first learn, before the JIT has compiled the fitting loops
 * @param learn learning a change from the pair as the app does it (resize, H forward, factors, thumbnails, and the
 *              fitted filter and colour table beside them), process warm
 * @param hypernetForward the hypernetwork's forward pass alone, on inputs already at its size
 * @param hypernetSize the side of the hypernetwork's input images
 * @param steps one UNet evaluation at the model's latent size, with and without a LoRA
 * @param pipeline the whole edit pipeline with a merged change, per photo size
 * @param flops the analytic FLOP count of one batch-1 UNet evaluation
 * @param matmul the peak-FLOP/s reference
 */
public record ModelSpeedResults(String model, int imageSize, int latentSide, UNetConfig unet, long unetParameters,
                                int slots, SamplerDefaults sampler, int evaluationsPerEdit, int photoWidth,
                                int photoHeight, double firstLearnMs, Timing learn, Timing hypernetForward,
                                int hypernetSize,
                                UNetSteps steps, List<PipelineTiming> pipeline, FlopCount flops, MatmulPeak matmul) {

    public ModelSpeedResults {
        pipeline = List.copyOf(pipeline);
    }

    /**
     * One UNet evaluation, batch 1 unless said otherwise.
     *
     * @param noLora base weights, no LoRA
     * @param merged the change merged into a copy of the weights (what the app applies)
     * @param perSample the change applied per sample by the LoRA context (what training and eval use)
     * @param guidancePair batch 2, base weights: the conditional and unconditional pass of image guidance
     */
    public record UNetSteps(Timing noLora, Timing merged, Timing perSample, Timing guidancePair) {
    }

    /** The pipeline on one photo size. */
    /**
     * @param timing the model's path (the LoRA merged, no fitted part)
     * @param withFitted the same with the costliest fitted part blended in (filter of every radius, table, share 0.5)
     */
    public record PipelineTiming(double megapixels, int width, int height, Timing timing, Timing withFitted) {
    }

    /** FLOPs of one batch-1 step at its median time. */
    double achievedFlopsPerSecond() {
        return flops.total() / (steps.noLora().medianMs() / 1000);
    }
}
