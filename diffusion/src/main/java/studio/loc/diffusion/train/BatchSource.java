package studio.loc.diffusion.train;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;

/**
 * Training batches as a pure function of the step, so this package needs nothing from the dataset code in
 * {@code hypernet} and a resumed run sees exactly the batches a straight run would have seen. (A plain
 * {@code Supplier<NDArray>} cannot be rewound to step k, which is why it is not used.)
 */
@FunctionalInterface
public interface BatchSource {

    /** @return images [B, 3, H, W] in [−1, 1] (or latents, for trainers that say so), created in {@code manager} */
    NDArray batch(long step, NDManager manager);
}
