package studio.loc.hypernet.perpair;

/**
 * How the per-pair baseline optimises one LoRA.
 *
 * @param steps          Adam steps on the pair (the N of "per-pair optimisation with N steps")
 * @param learningRate   Adam's constant learning rate
 * @param samplesPerStep noise draws (timestep + noise) per step, run through G as one batch; VISII-style methods
 *                       use 1
 * @param seed           seeds the LoRA's initial down factors and every draw, so a run can be repeated exactly
 */
public record PerPairSettings(int steps, double learningRate, int samplesPerStep, long seed) {

    /** A constant rate of 1e-3 moves a zero-initialised up factor noticeably within 50 steps without diverging. */
    public static final double DEFAULT_LEARNING_RATE = 1e-3;
    /**
     * Rate for refining the hypernetwork's change rather than a fresh LoRA: its factors are already trained, and a
     * fresh LoRA's rate undoes more than it adds. Overall PSNR on 48 synthetic validation quads (unrefined 24.38 dB):
     * <pre>
     *   rate    50 steps   200 steps
     *   1e-3    23.92      -
     *   3e-4    25.08      24.58  (the pair is over-fitted: lower pair loss, worse edits)
     *   1e-4    25.08      25.17
     * </pre>
     */
    public static final double REFINE_LEARNING_RATE = 1e-4;
    public static final int DEFAULT_SAMPLES_PER_STEP = 1;
    public static final long DEFAULT_SEED = 0;
    /** Global gradient-norm limit: one unlucky high-noise draw must not throw a fresh LoRA far off. */
    static final double CLIP_NORM = 1.0;

    public PerPairSettings {
        if (steps < 1) {
            throw new IllegalArgumentException("per-pair optimisation needs at least 1 step, got " + steps);
        }
        if (!(learningRate > 0) || Double.isInfinite(learningRate)) {
            throw new IllegalArgumentException("the learning rate must be a positive number, got " + learningRate);
        }
        if (samplesPerStep < 1) {
            throw new IllegalArgumentException("samples per step must be at least 1, got " + samplesPerStep);
        }
    }

    /** {@code steps} steps with the default rate, one sample per step and seed 0. */
    public static PerPairSettings ofSteps(int steps) {
        return new PerPairSettings(steps, DEFAULT_LEARNING_RATE, DEFAULT_SAMPLES_PER_STEP, DEFAULT_SEED);
    }

    /** {@code steps} refinement steps of a hypernetwork's change: the refinement rate, one sample, seed 0. */
    public static PerPairSettings refining(int steps) {
        return new PerPairSettings(steps, REFINE_LEARNING_RATE, DEFAULT_SAMPLES_PER_STEP, DEFAULT_SEED);
    }

    /** The same settings with another step count. */
    public PerPairSettings withSteps(int newSteps) {
        return new PerPairSettings(newSteps, learningRate, samplesPerStep, seed);
    }
}
