package studio.loc.diffusion.train;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import java.io.IOException;
import java.util.Arrays;
import java.util.Map;
import java.util.Objects;
import java.util.Random;
import studio.loc.diffusion.codec.LatentCodec;
import studio.loc.diffusion.lora.LoraContext;
import studio.loc.diffusion.nn.ParameterStore;
import studio.loc.diffusion.progress.CancellationToken;
import studio.loc.diffusion.progress.CancelledException;
import studio.loc.diffusion.sample.NoiseSchedule;
import studio.loc.diffusion.sample.SeededNoise;
import studio.loc.diffusion.unet.Denoiser;

/**
 * Trains G with a zero LoRA to reproduce its query: x_0 = query latent, the schedule's prediction loss (ε or v) at a uniformly drawn
 * timestep. With probability {@code conditionDropout} a sample's condition is replaced by zeros, which teaches the
 * unconditional estimate that image guidance needs.
 */
public final class DenoiserTrainer {

    /** InstructPix2Pix drops the image condition 5–10% of the time; 10% gives a usable unconditional branch. */
    public static final double DEFAULT_CONDITION_DROPOUT = 0.1;

    private final Denoiser denoiser;
    private final ParameterStore store;
    private final NoiseSchedule schedule;
    private final BatchSource queryLatents;
    private final TrainerSettings settings;
    private final double conditionDropout;

    /**
     * @param store the denoiser's parameters (all are trained)
     * @param queryLatents batches of query latents [B, C, h, w] (already encoded and scaled)
     */
    public DenoiserTrainer(Denoiser denoiser, ParameterStore store, NoiseSchedule schedule, BatchSource queryLatents,
                           TrainerSettings settings, double conditionDropout) {
        this.denoiser = Objects.requireNonNull(denoiser, "denoiser");
        this.store = Objects.requireNonNull(store, "store");
        this.schedule = Objects.requireNonNull(schedule, "schedule");
        this.queryLatents = Objects.requireNonNull(queryLatents, "queryLatents");
        this.settings = Objects.requireNonNull(settings, "settings");
        if (conditionDropout < 0 || conditionDropout >= 1) {
            throw new IllegalArgumentException("condition dropout must be in [0, 1), got " + conditionDropout);
        }
        this.conditionDropout = conditionDropout;
    }

    /**
     * Query latents from image batches: encodes with the (frozen) codec and cuts the result off the autograd graph,
     * so no gradient reaches the codec even if its parameters were left trainable.
     */
    public static BatchSource latentsOf(BatchSource images, LatentCodec codec) {
        return (step, manager) -> {
            NDArray latents = codec.encode(images.batch(step, manager)).stopGradient();
            latents.attach(manager);
            return latents;
        };
    }

    public TrainingResult train(TrainingListener listener, CancellationToken cancel)
            throws CancelledException, IOException {
        try (AdamOptimizer adam = new AdamOptimizer(store, store.names(), settings.weightDecay(),
                settings.clipNorm())) {
            return new TrainingLoop(store, adam, settings.schedule(), this::loss, settings.loopSettings())
                    .withMetadata(() -> Map.of("trainer", "denoiser"))
                    .run(listener, cancel);
        }
    }

    /** ‖ε̂(x_t, q or 0, t) − ε‖², weighted into the schedule's prediction loss, averaged over the batch. */
    NDArray loss(long step, NDManager manager) {
        NDArray x0 = queryLatents.batch(step, manager);
        int batch = Math.toIntExact(x0.getShape().get(0));
        Random random = StepSeeds.forStep(settings.seed(), step, 1);
        int[] t = new int[batch];
        float[] keep = new float[batch];
        for (int i = 0; i < batch; i++) {
            t[i] = random.nextInt(schedule.timesteps());
            keep[i] = random.nextDouble() < conditionDropout ? 0f : 1f;
        }
        NDArray noise = SeededNoise.normal(manager, x0.getShape(), random);
        NDArray condition = x0.mul(manager.create(keep, perSample(x0)));
        return schedule.trainingError(denoiser, x0, noise, t, condition, LoraContext.NONE).mean();
    }

    private static Shape perSample(NDArray x) {
        long[] dims = new long[x.getShape().dimension()];
        Arrays.fill(dims, 1);
        dims[0] = x.getShape().get(0);
        return new Shape(dims);
    }
}
