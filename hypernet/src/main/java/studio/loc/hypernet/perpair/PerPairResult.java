package studio.loc.hypernet.perpair;

import studio.loc.hypernet.change.Change;

/**
 * What one per-pair optimisation produced.
 *
 * @param change the optimised LoRA as a change (source "trained"), ready for the normal pipeline or a change file
 * @param startLoss mean loss of the first tenth of the steps (at least one)
 * @param endLoss mean loss of the last tenth of the steps (at least one); single steps are noisy, so compare these
 * @param skippedSteps steps whose gradient was not finite, so Adam left the LoRA as it was
 */
public record PerPairResult(Change change, double startLoss, double endLoss, int skippedSteps) {

    static PerPairResult of(Change change, double[] stepLosses, int skippedSteps) {
        int window = Math.max(1, stepLosses.length / 10);
        return new PerPairResult(change, mean(stepLosses, 0, window),
                mean(stepLosses, stepLosses.length - window, stepLosses.length), skippedSteps);
    }

    private static double mean(double[] values, int from, int to) {
        double sum = 0;
        for (int i = from; i < to; i++) {
            sum += values[i];
        }
        return sum / (to - from);
    }
}
