package studio.loc.diffusion.sample;

/**
 * How one sampling run goes.
 *
 * @param steps denoiser evaluations (each batched cond+uncond pair counts once)
 * @param seed seed of the starting noise
 * @param guidance image guidance g: eps = eps_uncond + g·(eps_cond − eps_uncond); 1 skips the unconditional pass
 * @param startFraction 1.0 starts from pure noise; below 1 starts from the query latent noised to that fraction of
 *                      the schedule (img2img: fewer wasted steps, more faithful to the query)
 */
public record SamplingOptions(int steps, long seed, double guidance, double startFraction) {

    /** Provisional defaults, to be replaced by measured ones (quality vs time on the devset). */
    public static final int DEFAULT_STEPS = 20;
    public static final double DEFAULT_GUIDANCE = 1.5;
    public static final double DEFAULT_START_FRACTION = 1.0;

    public SamplingOptions {
        if (steps < 1) {
            throw new IllegalArgumentException("steps must be at least 1, got " + steps);
        }
        if (!(guidance >= 0) || Double.isInfinite(guidance)) {
            throw new IllegalArgumentException("guidance must be a finite number ≥ 0, got " + guidance);
        }
        if (!(startFraction > 0 && startFraction <= 1)) {
            throw new IllegalArgumentException("startFraction must be in (0, 1], got " + startFraction);
        }
    }

    public static SamplingOptions of(int steps, long seed) {
        return new SamplingOptions(steps, seed, 1.0, 1.0);
    }
}
