package studio.loc.diffusion.image;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import org.opencv.core.Mat;

/**
 * Owns the OpenCV Mats made inside one block and releases them all when it closes, as an {@code NDManager} does for
 * tensors: {@code try (MatScope scope = new MatScope()) { Mat gray = scope.add(new Mat()); ... }}. A Mat the block
 * hands back to its caller leaves the scope through {@link #keep}, so nothing is released by hand and no exception
 * path leaks native memory.
 *
 * <p>Not thread-safe: a scope belongs to the block (and thread) that opened it.
 */
public final class MatScope implements AutoCloseable {

    private final List<Mat> owned = new ArrayList<>();

    /** Takes ownership of {@code mat} (null is allowed and ignored) and returns it. */
    public <M extends Mat> M add(M mat) {
        if (mat != null) {
            owned.add(mat);
        }
        return mat;
    }

    /**
     * Takes ownership of {@code derived} unless it is {@code source} itself: for helpers that return their input
     * when there is nothing to do (no resize, no padding) and a new Mat otherwise.
     */
    public <M extends Mat> M addUnlessSame(M derived, Mat source) {
        return derived == source ? derived : add(derived);
    }

    /** Takes ownership of every Mat in {@code mats} (say, the channels {@code Core.split} filled) and returns it. */
    public <C extends Collection<? extends Mat>> C addAll(C mats) {
        for (Mat mat : mats) {
            add(mat);
        }
        return mats;
    }

    /** A new empty Mat the scope owns, for an OpenCV function to fill. */
    public Mat newMat() {
        return add(new Mat());
    }

    /**
     * {@code mat} itself when its pixels are one continuous block (what {@code Mat.get(0, 0, array)} needs), else a
     * continuous copy the scope owns.
     */
    public Mat continuous(Mat mat) {
        return mat.isContinuous() ? mat : add(mat.clone());
    }

    /**
     * Hands {@code mat} out of the scope: closing no longer releases it and the caller owns it. A Mat the scope
     * never owned is returned unchanged, so a helper that may return either its input or a new Mat can be kept
     * without asking which.
     */
    public <M extends Mat> M keep(M mat) {
        for (int i = owned.size() - 1; i >= 0; i--) {
            if (owned.get(i) == mat) {
                owned.remove(i);
            }
        }
        return mat;
    }

    /** Releases every Mat still owned, newest first; a second close does nothing. */
    @Override
    public void close() {
        for (int i = owned.size() - 1; i >= 0; i--) {
            owned.get(i).release();
        }
        owned.clear();
    }
}
