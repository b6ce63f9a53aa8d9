package studio.loc.diffusion.train;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;

/**
 * One training step's loss. The {@link TrainingLoop} calls it inside a {@code GradientCollector} and back-propagates
 * the result; everything it creates must go to {@code manager}, which is closed after the step.
 *
 * <p>For an exact resume the loss must depend only on the step and the parameters: draw data, timesteps and noise
 * from generators seeded by the step (see {@link StepSeeds}), never from a generator that lives across steps.
 */
@FunctionalInterface
public interface StepFunction {

    /** @return a scalar loss */
    NDArray loss(long step, NDManager manager);
}
