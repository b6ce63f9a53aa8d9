package studio.loc.diffusion.sample;

/**
 * How one sampling run goes: the settings every edit takes (the GUI's "Advanced" knobs, the CLI's
 * {@code --steps/--seed/--guidance}, a model folder's defaults). The one place they are checked.
 *
 * @param steps denoiser evaluations (each batched cond+uncond pair counts once); 1 or more
 * @param seed seed of the starting noise; the same seed gives the same result
 * @param guidance image guidance g: eps = eps_uncond + g·(eps_cond − eps_uncond); 1 skips the unconditional pass.
 *                 A positive, finite number: at 0 the query would not condition the edit at all
 * @param startFraction 1.0 starts from pure noise; below 1 starts from the query latent noised to that fraction of
 *                      the schedule (img2img: fewer wasted steps, more faithful to the query)
 */
public record SamplingOptions(int steps, long seed, double guidance, double startFraction) {

    /** The settings of a model that names none in its model.json (the one home of these defaults). */
    public static final SamplingOptions DEFAULTS = new SamplingOptions(20, 0, 1.5, 1.0);

    public SamplingOptions {
        if (steps < 1) {
            throw new IllegalArgumentException("steps must be at least 1, got " + steps);
        }
        if (!(guidance > 0) || Double.isInfinite(guidance)) {
            throw new IllegalArgumentException("guidance must be a positive number, got " + guidance);
        }
        if (!(startFraction > 0 && startFraction <= 1)) {
            throw new IllegalArgumentException("startFraction must be in (0, 1], got " + startFraction);
        }
    }

    /** {@code steps} steps from pure noise with seed {@code seed}, no guidance. */
    public static SamplingOptions of(int steps, long seed) {
        return new SamplingOptions(steps, seed, 1.0, 1.0);
    }

    /** The same settings with the steps, seed and guidance a user chose (the start stays the model's). */
    public SamplingOptions with(int newSteps, long newSeed, double newGuidance) {
        return new SamplingOptions(newSteps, newSeed, newGuidance, startFraction);
    }

    public SamplingOptions withStartFraction(double fraction) {
        return new SamplingOptions(steps, seed, guidance, fraction);
    }
}
