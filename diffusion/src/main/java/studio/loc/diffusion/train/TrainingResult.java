package studio.loc.diffusion.train;

import java.nio.file.Path;

/**
 * @param steps steps finished in total (including those before a resume)
 * @param resumedFrom the step the run resumed from (0 for a fresh run)
 * @param lastLoss the loss of the last step
 * @param checkpoint the checkpoint written at the end
 */
public record TrainingResult(long steps, long resumedFrom, double lastLoss, Path checkpoint) {
}
