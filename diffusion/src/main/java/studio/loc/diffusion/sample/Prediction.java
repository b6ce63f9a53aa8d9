package studio.loc.diffusion.sample;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import java.util.List;
import java.util.Locale;
import studio.loc.diffusion.lora.LoraContext;
import studio.loc.diffusion.lora.LoraSlot;
import studio.loc.diffusion.unet.Denoiser;

/**
 * What the UNet's output means: the noise ε, or the velocity v = √ᾱ·ε − √(1 − ᾱ)·x_0 (Salimans &amp; Ho).
 *
 * <p>Why v: an ε-loss weighs an error in the predicted image by ᾱ/(1 − ᾱ), almost nothing at high noise — exactly
 * where a sample started from pure noise decides its global colours, and where the hypernetwork's change has to be
 * heard. A v-loss weighs the same error by 1/(1 − ᾱ) ≥ 1 at every step. The sampler and the trainers keep working in
 * ε: {@link #noisePredictor} turns any network's output into ε, and {@link #lossWeight} rescales the ε-space squared
 * error so that it equals this parameterisation's own loss (for v, ‖ε̂ − ε‖² = ᾱ·‖v̂ − v‖²).
 */
public enum Prediction {
    EPSILON, V;

    /** The name model.json uses ({@code sampler.prediction}): "epsilon" or "v". */
    public String configName() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** @throws IllegalArgumentException naming the accepted values */
    public static Prediction named(String name) {
        for (Prediction p : values()) {
            if (p.configName().equalsIgnoreCase(name.strip())) {
                return p;
            }
        }
        throw new IllegalArgumentException("unknown prediction \"" + name + "\": use \"epsilon\" or \"v\"");
    }

    /** A view of {@code network} that returns ε whatever the network predicts. */
    public Denoiser noisePredictor(Denoiser network, NoiseSchedule schedule) {
        return this == EPSILON ? network : new VelocityAsNoise(network, schedule);
    }

    /** The factor that turns the ε-space squared error at step {@code t} into this parameterisation's loss. */
    public double lossWeight(NoiseSchedule schedule, int t) {
        return this == EPSILON ? 1.0 : 1.0 / schedule.alphaCumprod(t);
    }

    /** ε = √ᾱ·v + √(1 − ᾱ)·x_t, per sample. */
    private record VelocityAsNoise(Denoiser network, NoiseSchedule schedule) implements Denoiser {
        @Override
        public NDArray predictNoise(NDArray noisyLatent, NDArray queryLatent, NDArray timesteps, LoraContext lora) {
            NDArray v = network.predictNoise(noisyLatent, queryLatent, timesteps, lora);
            int[] t = NoiseSchedule.timestepsOf(timesteps);
            NDManager manager = v.getManager();
            return v.mul(schedule.signalScales(manager, t, v.getShape()))
                    .add(noisyLatent.mul(schedule.noiseScales(manager, t, v.getShape())));
        }

        @Override
        public List<LoraSlot> slots() {
            return network.slots();
        }
    }
}
