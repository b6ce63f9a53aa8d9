package studio.loc.diffusion.train;

import java.nio.file.Path;
import java.util.Objects;

/**
 * What every base-model trainer needs to know.
 *
 * @param steps total optimiser steps
 * @param learningRate peak rate (after warm-up)
 * @param warmupSteps linear warm-up length
 * @param weightDecay decoupled (AdamW) decay on matrices and kernels
 * @param clipNorm global gradient-norm limit, ≤ 0 for none
 * @param seed seeds every per-step draw (timesteps, noise, dropout, crops)
 * @param checkpointDir checkpoint + CSV log folder; a checkpoint already there is resumed
 * @param checkpointEvery checkpoint interval in steps
 * @param logEvery CSV interval in steps
 */
public record TrainerSettings(long steps, double learningRate, long warmupSteps, double weightDecay,
                              double clipNorm, long seed, Path checkpointDir, long checkpointEvery, long logEvery) {

    public TrainerSettings {
        Objects.requireNonNull(checkpointDir, "checkpointDir");
        if (steps < 1 || !(learningRate > 0) || warmupSteps < 0 || weightDecay < 0) {
            throw new IllegalArgumentException("need steps ≥ 1, a positive learning rate, warm-up ≥ 0, decay ≥ 0");
        }
    }

    /** Defaults that suit a small model: 2e-4 peak, 5% warm-up, decay 0.01, clip 1, checkpoint every 500. */
    public static TrainerSettings defaults(long steps, long seed, Path checkpointDir) {
        return new TrainerSettings(steps, 2e-4, Math.max(1, steps / 20), 0.01, 1.0, seed, checkpointDir, 500, 50);
    }

    LrSchedule schedule() {
        return LrSchedule.warmupCosine(learningRate, warmupSteps, steps, 0.1);
    }

    TrainingLoop.Settings loopSettings() {
        return new TrainingLoop.Settings(steps, checkpointDir, checkpointEvery, logEvery);
    }
}
