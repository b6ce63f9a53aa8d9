package studio.loc.diffusion.sample;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import java.util.Arrays;
import java.util.Objects;
import studio.loc.diffusion.lora.LoraContext;
import studio.loc.diffusion.lora.LoraSlot;
import studio.loc.diffusion.progress.CancellationToken;
import studio.loc.diffusion.progress.CancelledException;
import studio.loc.diffusion.progress.ProgressListener;
import studio.loc.diffusion.unet.Denoiser;

/**
 * Deterministic DDIM (η = 0) with InstructPix2Pix-style image guidance on a single condition, the query latent.
 *
 * <p>Memory: each step runs in a child manager that is closed at the end of the step; only the current latent
 * survives between steps, and the result is attached to the query latent's manager. A run therefore leaves
 * nothing behind but its result, however many runs a batch makes.
 */
public final class DdimSampler {

    private final Denoiser denoiser;
    private final NoiseSchedule schedule;

    public DdimSampler(Denoiser denoiser, NoiseSchedule schedule) {
        this.schedule = Objects.requireNonNull(schedule, "schedule");
        // DDIM steps in ε; a v-predicting UNet is viewed through its ε equivalent.
        this.denoiser = schedule.noisePredictor(Objects.requireNonNull(denoiser, "denoiser"));
    }

    public NoiseSchedule schedule() {
        return schedule;
    }

    /**
     * Samples target latents conditioned on {@code queryLatent}.
     *
     * @param queryLatent the condition [B, C, h, w]; the result is attached to its manager
     * @param lora per-sample LoRAs (batch B), or {@link LoraContext#NONE} for merged weights
     * @return the sampled latent x_0 [B, C, h, w]
     * @throws CancelledException when {@code cancel} was triggered; checked before every step
     */
    public NDArray sample(NDArray queryLatent, SamplingOptions options, LoraContext lora, ProgressListener progress,
                          CancellationToken cancel) throws CancelledException {
        int[] timesteps = timesteps(options.steps(), options.startFraction());
        NDManager owner = queryLatent.getManager();
        boolean guided = options.guidance() != 1.0;
        LoraContext context = guided && lora != LoraContext.NONE ? new DoubledBatchLora(lora) : lora;
        try (NDManager run = owner.newSubManager()) {
            NDArray cond = queryLatent.duplicate();
            cond.attach(run);
            NDArray x = startLatent(run, cond, options, timesteps[0]);
            for (int i = 0; i < timesteps.length; i++) {
                cancel.throwIfCancelled();
                int prev = i + 1 < timesteps.length ? timesteps[i + 1] : -1;
                NDArray next;
                try (NDManager step = run.newSubManager()) {
                    step.tempAttachAll(x, cond);
                    NDArray eps = predict(step, x, cond, timesteps[i], options.guidance(), guided, context);
                    // Detached, so a LoRA that requires gradients (evaluation during hypernetwork training)
                    // cannot chain an autograd graph through every step and keep it alive natively.
                    next = ddimStep(x, eps, timesteps[i], prev).stopGradient();
                    next.attach(run);
                }
                x.close();
                x = next;
                progress.onProgress(i + 1, timesteps.length,
                        "Denoising step " + (i + 1) + " of " + timesteps.length);
            }
            x.attach(owner);
            return x;
        }
    }

    /**
     * The timesteps visited, descending, evenly spaced with "trailing" spacing so that a pure-noise start uses
     * t = T − 1 (where the model saw pure noise in training) and the last step lands near t = 0.
     */
    public int[] timesteps(int steps, double startFraction) {
        int span = Math.max(1, (int) Math.round(startFraction * schedule.timesteps()));
        int count = Math.min(steps, span);
        int[] result = new int[count];
        for (int i = 0; i < count; i++) {
            result[i] = (int) Math.round((double) span * (count - i) / count) - 1;
        }
        return result;
    }

    private NDArray startLatent(NDManager run, NDArray cond, SamplingOptions options, int firstTimestep) {
        NDArray noise = SeededNoise.normal(run, cond.getShape(), options.seed());
        if (options.startFraction() >= 1.0) {
            return noise;
        }
        int[] t = new int[Math.toIntExact(cond.getShape().get(0))];
        Arrays.fill(t, firstTimestep);
        return schedule.addNoise(cond, noise, t);
    }

    /** The guided noise estimate; the cond/uncond pair goes through the denoiser as one batch of 2B. */
    private NDArray predict(NDManager step, NDArray x, NDArray cond, int t, double guidance, boolean guided,
                            LoraContext lora) {
        long batch = x.getShape().get(0);
        if (!guided) {
            return denoiser.predictNoise(x, cond, constantTimesteps(step, batch, t), lora);
        }
        NDArray xs = x.concat(x, 0);
        NDArray conds = cond.concat(step.zeros(cond.getShape(), cond.getDataType()), 0);
        NDArray both = denoiser.predictNoise(xs, conds, constantTimesteps(step, 2 * batch, t), lora);
        NDList halves = both.split(2, 0);
        NDArray epsCond = halves.get(0);
        NDArray epsUncond = halves.get(1);
        return epsUncond.add(epsCond.sub(epsUncond).mul((float) guidance));
    }

    private static NDArray constantTimesteps(NDManager step, long batch, int t) {
        return step.full(new Shape(batch), (float) t);
    }

    /** x_{prev} = √ᾱ_prev·x̂_0 + √(1 − ᾱ_prev)·ε, with x̂_0 = (x_t − √(1 − ᾱ_t)·ε)/√ᾱ_t and ᾱ_{−1} = 1. */
    private NDArray ddimStep(NDArray x, NDArray eps, int t, int prev) {
        double alpha = schedule.alphaCumprod(t);
        double alphaPrev = prev >= 0 ? schedule.alphaCumprod(prev) : 1.0;
        NDArray predictedX0 = x.sub(eps.mul((float) Math.sqrt(1 - alpha))).div((float) Math.sqrt(alpha));
        if (prev < 0) {
            return predictedX0;
        }
        return predictedX0.mul((float) Math.sqrt(alphaPrev)).add(eps.mul((float) Math.sqrt(1 - alphaPrev)));
    }

    /**
     * Guidance doubles the batch (cond then uncond); a per-sample LoRA made for B samples serves both halves, so
     * its contribution is computed per half and joined again.
     */
    private record DoubledBatchLora(LoraContext inner) implements LoraContext {
        @Override
        public NDArray delta(LoraSlot slot, NDArray input) {
            NDList halves = input.split(2, 0);
            NDArray first = inner.delta(slot, halves.get(0));
            NDArray second = inner.delta(slot, halves.get(1));
            if (first == null && second == null) {
                return null;
            }
            return first.concat(second, 0);
        }
    }
}
