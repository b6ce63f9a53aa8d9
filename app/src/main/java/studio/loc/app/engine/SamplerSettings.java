package studio.loc.app.engine;

/**
 * The "Advanced" knobs of an edit. Defaults come from the model folder ({@code model.json} sampler defaults).
 *
 * @param steps DDIM steps (1 or more)
 * @param seed noise seed; the same seed gives the same result
 * @param guidance image-guidance scale (1 = none)
 */
public record SamplerSettings(int steps, long seed, double guidance) {
    public SamplerSettings {
        if (steps < 1) {
            throw new IllegalArgumentException("steps must be at least 1, got " + steps);
        }
        if (!(guidance > 0) || Double.isInfinite(guidance)) {
            throw new IllegalArgumentException("guidance must be a positive number, got " + guidance);
        }
    }
}
