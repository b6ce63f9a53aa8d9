package studio.loc.diffusion.train;

/**
 * A snapshot after a training step.
 *
 * @param step steps finished (1-based)
 * @param totalSteps steps planned
 * @param loss this step's loss
 * @param learningRate the rate used for this step
 * @param gradNorm global gradient norm before clipping (NaN: the step was skipped as non-finite)
 * @param stepsPerSecond throughput since this run (or resume) started
 * @param etaSeconds estimated time left
 */
public record TrainingProgress(long step, long totalSteps, double loss, double learningRate, double gradNorm,
                               double stepsPerSecond, double etaSeconds) {

    public String message() {
        return String.format(java.util.Locale.ROOT, "Step %d of %d · loss %.5f · %.2f steps/s · %s left", step,
                totalSteps, loss, stepsPerSecond, formatDuration(etaSeconds));
    }

    static String formatDuration(double seconds) {
        if (!Double.isFinite(seconds)) {
            return "?";
        }
        long s = Math.round(seconds);
        return s >= 3600 ? (s / 3600) + " h " + (s % 3600 / 60) + " min"
                : s >= 60 ? (s / 60) + " min " + (s % 60) + " s" : s + " s";
    }
}
