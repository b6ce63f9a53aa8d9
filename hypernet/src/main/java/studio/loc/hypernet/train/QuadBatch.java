package studio.loc.hypernet.train;

import ai.djl.ndarray.NDArray;
import java.util.Objects;

/**
 * A training batch: before/after pairs and, for true quads, a second query and its edited target. Images are
 * [B, 3, S, S] in [−1, 1].
 *
 * @param before A
 * @param after A' (A changed by the edit)
 * @param query B, or null when the source only has pairs
 * @param target B' (B changed by the same edit), null exactly when {@code query} is
 */
public record QuadBatch(NDArray before, NDArray after, NDArray query, NDArray target) {

    public QuadBatch {
        Objects.requireNonNull(before, "before");
        Objects.requireNonNull(after, "after");
        if ((query == null) != (target == null)) {
            throw new IllegalArgumentException("query and target come together");
        }
        if (!before.getShape().equals(after.getShape())
                || (query != null && !(query.getShape().equals(before.getShape())
                && target.getShape().equals(before.getShape())))) {
            throw new IllegalArgumentException("all images of a batch must have one shape");
        }
    }

    /** A pairs-only batch. */
    public static QuadBatch pairs(NDArray before, NDArray after) {
        return new QuadBatch(before, after, null, null);
    }

    public boolean hasQuery() {
        return query != null;
    }

    public long size() {
        return before.getShape().get(0);
    }
}
