package studio.loc.diffusion.testing;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.UnaryOperator;
import studio.loc.diffusion.lora.LoraContext;
import studio.loc.diffusion.lora.LoraSlot;
import studio.loc.diffusion.sample.NoiseSchedule;
import studio.loc.diffusion.unet.Denoiser;

/**
 * A "perfect" G for the training target x_0 = query: it returns the true noise ε = (x_t − √ᾱ_t·q)/√(1 − ᾱ_t),
 * so a correct sampler must hand back its condition exactly. Counts calls and the batch sizes it saw.
 */
public final class OracleDenoiser implements Denoiser {

    private final NoiseSchedule schedule;
    private final UnaryOperator<NDArray> target;
    public final AtomicInteger calls = new AtomicInteger();
    public volatile long lastBatch;

    /** Reproduces the query. */
    public OracleDenoiser(NoiseSchedule schedule) {
        this(schedule, UnaryOperator.identity());
    }

    /** Knows the true noise for x_0 = target(query): an exactly known "edit" (zeros stay the unconditional 0). */
    public OracleDenoiser(NoiseSchedule schedule, UnaryOperator<NDArray> target) {
        this.schedule = schedule;
        this.target = target;
    }

    @Override
    public NDArray predictNoise(NDArray noisyLatent, NDArray queryLatent, NDArray timesteps, LoraContext lora) {
        calls.incrementAndGet();
        lastBatch = noisyLatent.getShape().get(0);
        int[] t = NoiseSchedule.timestepsOf(timesteps);
        NDManager m = noisyLatent.getManager();
        Shape like = noisyLatent.getShape();
        return noisyLatent.sub(target.apply(queryLatent).mul(schedule.signalScales(m, t, like)))
                .div(schedule.noiseScales(m, t, like));
    }

    @Override
    public List<LoraSlot> slots() {
        return List.of();
    }
}
