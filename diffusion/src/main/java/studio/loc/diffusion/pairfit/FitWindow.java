package studio.loc.diffusion.pairfit;

import org.opencv.core.Mat;
import org.opencv.core.Rect;
import studio.loc.diffusion.image.MatScope;

/**
 * A window of a before/after pair at its full resolution, for fitting and scoring a filter there: the pixels of
 * {@code interior} are the ones that count; the margin around them lets a blur see the neighbours those pixels have
 * in the whole picture, so that they are filtered as they would be in it, not as at a cut edge.
 *
 * <p>The window owns its two Mats (copies or views), and closing it releases them.
 *
 * @param before   a crop of the before picture (RGB CV_32FC3), margin included
 * @param after    the same crop of the after picture
 * @param interior the pixels that count, in the crop's coordinates
 */
record FitWindow(Mat before, Mat after, Rect interior) implements AutoCloseable {

    /** The whole of a pair, every pixel counting (for a picture small enough to filter whole). */
    static FitWindow whole(Mat before, Mat after) {
        return new FitWindow(before.clone(), after.clone(), new Rect(0, 0, before.cols(), before.rows()));
    }

    /** The window of {@code before} and {@code after} whose interior is {@code interior}, with {@code margin}. */
    static FitWindow around(Mat before, Mat after, Rect interior, int margin) {
        int x0 = Math.max(0, interior.x - margin);
        int y0 = Math.max(0, interior.y - margin);
        int x1 = Math.min(before.cols(), interior.x + interior.width + margin);
        int y1 = Math.min(before.rows(), interior.y + interior.height + margin);
        Rect crop = new Rect(x0, y0, x1 - x0, y1 - y0);
        try (MatScope views = new MatScope()) {
            return new FitWindow(views.add(before.submat(crop)).clone(), views.add(after.submat(crop)).clone(),
                    new Rect(interior.x - x0, interior.y - y0, interior.width, interior.height));
        }
    }

    /** Pixels that count. */
    long pixels() {
        return (long) interior.width * interior.height;
    }

    /** The interior of {@code image} (a picture of this window's crop size), as a view: the caller releases it. */
    Mat inner(Mat image) {
        return image.submat(interior);
    }

    /**
     * This window with at most {@code margin} pixels around the interior, as views of this window's Mats that
     * {@code views} owns; this window itself when its margin is no wider.
     */
    FitWindow shrunkMargin(int margin, MatScope views) {
        int x0 = Math.max(0, interior.x - margin);
        int y0 = Math.max(0, interior.y - margin);
        int x1 = Math.min(before.cols(), interior.x + interior.width + margin);
        int y1 = Math.min(before.rows(), interior.y + interior.height + margin);
        if (x0 == 0 && y0 == 0 && x1 == before.cols() && y1 == before.rows()) {
            return this;
        }
        Rect crop = new Rect(x0, y0, x1 - x0, y1 - y0);
        return new FitWindow(views.add(before.submat(crop)), views.add(after.submat(crop)),
                new Rect(interior.x - x0, interior.y - y0, interior.width, interior.height));
    }

    /**
     * The same window the other way round (after → before), for fitting the reverse change: views of this
     * window's Mats, which the new window owns (close both windows).
     */
    FitWindow reversed() {
        Rect all = new Rect(0, 0, before.cols(), before.rows());
        try (MatScope views = new MatScope()) {
            Mat newBefore = views.add(after.submat(all));
            Mat newAfter = views.add(before.submat(all));
            return new FitWindow(views.keep(newBefore), views.keep(newAfter), interior);
        }
    }

    /** Releases the window's Mats (a view's pixels stay its original's). */
    @Override
    public void close() {
        try (MatScope mats = new MatScope()) {
            mats.add(before);
            mats.add(after);
        }
    }
}
