package studio.loc.diffusion.model;

import java.util.Objects;
import studio.loc.diffusion.sample.NoiseSchedule;
import studio.loc.diffusion.sample.Prediction;
import studio.loc.diffusion.sample.SamplingOptions;

/**
 * A model folder's sampler section: what an edit uses unless the user changes it, plus the noise schedule the UNet
 * was trained with.
 *
 * @param sampling       steps, seed, guidance and start fraction of an edit (checked by {@link SamplingOptions});
 *                       a start below 1 keeps more of the photo, which a weakly trained model needs to stay
 *                       faithful
 * @param schedule       the training noise schedule's kind, lower case ("scaled_linear" or "cosine")
 * @param trainTimesteps the training schedule's number of steps T
 * @param prediction     what the UNet was trained to predict (ε for models that do not say)
 */
public record SamplerDefaults(SamplingOptions sampling, String schedule, int trainTimesteps, Prediction prediction) {

    public static final String SCALED_LINEAR = "scaled_linear";

    public SamplerDefaults {
        Objects.requireNonNull(sampling, "sampling");
        if (schedule == null || schedule.isBlank()) {
            throw new IllegalArgumentException("sampler schedule must be named");
        }
        if (trainTimesteps < 1) {
            throw new IllegalArgumentException("trainTimesteps must be at least 1, got " + trainTimesteps);
        }
        Objects.requireNonNull(prediction, "prediction");
    }

    /** Defaults from their parts (the order model.json lists them in). */
    public SamplerDefaults(int steps, double guidance, long seed, String schedule, int trainTimesteps,
                           double startFraction, Prediction prediction) {
        this(new SamplingOptions(steps, seed, guidance, startFraction), schedule, trainTimesteps, prediction);
    }

    /** Defaults for an ε-predicting UNet. */
    public SamplerDefaults(int steps, double guidance, long seed, String schedule, int trainTimesteps,
                           double startFraction) {
        this(steps, guidance, seed, schedule, trainTimesteps, startFraction, Prediction.EPSILON);
    }

    public int steps() {
        return sampling.steps();
    }

    public double guidance() {
        return sampling.guidance();
    }

    public long seed() {
        return sampling.seed();
    }

    public double startFraction() {
        return sampling.startFraction();
    }

    /** The noise schedule the UNet was trained with, with its prediction. */
    public NoiseSchedule noiseSchedule() {
        return NoiseSchedule.named(schedule, trainTimesteps).withPrediction(prediction);
    }

    /** A model that names no sampler settings: {@link SamplingOptions#DEFAULTS}, ε on the scaled-linear schedule. */
    public static SamplerDefaults standard() {
        return new SamplerDefaults(SamplingOptions.DEFAULTS, SCALED_LINEAR, 1000, Prediction.EPSILON);
    }
}
