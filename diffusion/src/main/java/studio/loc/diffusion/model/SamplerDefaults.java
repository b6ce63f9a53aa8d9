package studio.loc.diffusion.model;

import java.util.Objects;
import studio.loc.diffusion.sample.NoiseSchedule;
import studio.loc.diffusion.sample.Prediction;

/**
 * What an edit uses unless the user changes it, plus the noise schedule the UNet was trained with.
 *
 * @param steps          DDIM steps
 * @param guidance       image-guidance scale (1 = none)
 * @param seed           noise seed
 * @param schedule       the training noise schedule's kind, lower case ("scaled_linear" or "cosine")
 * @param trainTimesteps the training schedule's number of steps T
 * @param startFraction  where sampling starts: 1 = pure noise, less = the query's latent noised that far (keeps
 *                       more of the photo; a weakly trained model needs it to stay faithful)
 * @param prediction     what the UNet was trained to predict (ε for models that do not say)
 */
public record SamplerDefaults(int steps, double guidance, long seed, String schedule, int trainTimesteps,
                              double startFraction, Prediction prediction) {

    public static final String SCALED_LINEAR = "scaled_linear";

    public SamplerDefaults {
        if (steps < 1) {
            throw new IllegalArgumentException("sampler steps must be at least 1, got " + steps);
        }
        if (!(guidance > 0) || Double.isInfinite(guidance)) {
            throw new IllegalArgumentException("sampler guidance must be a positive number, got " + guidance);
        }
        if (schedule == null || schedule.isBlank()) {
            throw new IllegalArgumentException("sampler schedule must be named");
        }
        if (!(startFraction > 0) || startFraction > 1) {
            throw new IllegalArgumentException("sampler startFraction must be in (0, 1], got " + startFraction);
        }
        if (trainTimesteps < 1) {
            throw new IllegalArgumentException("trainTimesteps must be at least 1, got " + trainTimesteps);
        }
        Objects.requireNonNull(prediction, "prediction");
    }

    /** Defaults for an ε-predicting UNet. */
    public SamplerDefaults(int steps, double guidance, long seed, String schedule, int trainTimesteps,
                           double startFraction) {
        this(steps, guidance, seed, schedule, trainTimesteps, startFraction, Prediction.EPSILON);
    }

    /** The noise schedule the UNet was trained with, with its prediction. */
    public NoiseSchedule noiseSchedule() {
        return NoiseSchedule.named(schedule, trainTimesteps).withPrediction(prediction);
    }

    public static SamplerDefaults standard() {
        return new SamplerDefaults(20, 1.5, 0, SCALED_LINEAR, 1000, 1.0);
    }
}
