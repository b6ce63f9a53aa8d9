package studio.loc.diffusion.train;

/** Learning rate as a function of the step (0-based), so that a resumed run continues on the same curve. */
@FunctionalInterface
public interface LrSchedule {

    double rate(long step);

    static LrSchedule constant(double rate) {
        return step -> rate;
    }

    /**
     * Linear warm-up from 0 to {@code peak} over {@code warmupSteps} (Adam's early moments are noisy; large first
     * updates wreck a fresh network), then a cosine decay to {@code floorFraction}·peak at {@code totalSteps}.
     */
    static LrSchedule warmupCosine(double peak, long warmupSteps, long totalSteps, double floorFraction) {
        if (warmupSteps < 0 || totalSteps < 1 || peak <= 0 || floorFraction < 0 || floorFraction > 1) {
            throw new IllegalArgumentException("need peak > 0, warm-up ≥ 0, total ≥ 1 and a floor fraction in [0, 1]");
        }
        return step -> {
            if (step < warmupSteps) {
                return peak * (step + 1) / warmupSteps;
            }
            long decaySteps = Math.max(1, totalSteps - warmupSteps);
            double progress = Math.min(1.0, (double) (step - warmupSteps) / decaySteps);
            double cosine = 0.5 * (1 + Math.cos(Math.PI * progress));
            return peak * (floorFraction + (1 - floorFraction) * cosine);
        };
    }
}
