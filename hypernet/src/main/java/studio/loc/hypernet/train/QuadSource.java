package studio.loc.hypernet.train;

import ai.djl.ndarray.NDManager;

/**
 * Where training batches come from (synthetic quads, a folder of pairs, a fixed quad in tests). A batch must be a
 * pure function of the step, so a resumed run sees exactly the batches a straight run would have seen.
 */
@FunctionalInterface
public interface QuadSource {

    /** @return {@code batchSize} samples, created in {@code manager} (closed after the step) */
    QuadBatch batch(long step, int batchSize, NDManager manager);
}
