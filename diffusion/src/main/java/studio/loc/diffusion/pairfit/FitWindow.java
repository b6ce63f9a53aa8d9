package studio.loc.diffusion.pairfit;

import java.util.List;
import org.opencv.core.CvType;
import org.opencv.core.Mat;
import org.opencv.core.Rect;

/**
 * A window of a before/after pair at its full resolution, for fitting and scoring a filter there: the pixels of
 * {@code interior} are the ones that count; the margin around them lets a blur see the neighbours those pixels have
 * in the whole picture, so that they are filtered as they would be in it, not as at a cut edge.
 *
 * @param before   a crop of the before picture (RGB CV_32FC3), margin included; owned by the window
 * @param after    the same crop of the after picture
 * @param interior the pixels that count, in the crop's coordinates
 */
record FitWindow(Mat before, Mat after, Rect interior) {

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
        return new FitWindow(before.submat(crop).clone(), after.submat(crop).clone(),
                new Rect(interior.x - x0, interior.y - y0, interior.width, interior.height));
    }

    /** Pixels that count. */
    long pixels() {
        return (long) interior.width * interior.height;
    }

    /** The interior of {@code image} (a picture of this window's crop size), as a view: release it. */
    Mat inner(Mat image) {
        return image.submat(interior);
    }

    /**
     * This window with at most {@code margin} pixels around the interior, as views of this window's Mats (release
     * them with {@link #releaseViews()}); this window itself when its margin is no wider.
     */
    FitWindow shrunkMargin(int margin) {
        int x0 = Math.max(0, interior.x - margin);
        int y0 = Math.max(0, interior.y - margin);
        int x1 = Math.min(before.cols(), interior.x + interior.width + margin);
        int y1 = Math.min(before.rows(), interior.y + interior.height + margin);
        if (x0 == 0 && y0 == 0 && x1 == before.cols() && y1 == before.rows()) {
            return this;
        }
        Rect crop = new Rect(x0, y0, x1 - x0, y1 - y0);
        return new FitWindow(before.submat(crop), after.submat(crop),
                new Rect(interior.x - x0, interior.y - y0, interior.width, interior.height));
    }

    /** Releases the headers of a window made by {@link #shrunkMargin(int)} (the pixels stay the original's). */
    void releaseViews() {
        before.release();
        after.release();
    }

    void release() {
        before.release();
        after.release();
    }

    /**
     * The interiors of {@code images} (one per window, each of its window's crop size) side by side in one row:
     * what a colour table is fitted on, since it does not care where a pixel is.
     */
    static Mat interiorsInARow(List<FitWindow> windows, List<Mat> images) {
        long total = 0;
        for (FitWindow w : windows) {
            total += w.pixels();
        }
        Mat row = new Mat(1, (int) Math.max(1, total), CvType.CV_32FC3);
        int at = 0;
        for (int i = 0; i < windows.size(); i++) {
            Mat inner = windows.get(i).inner(images.get(i));
            Mat copy = inner.clone();
            Mat flat = copy.reshape(3, 1);
            Mat target = row.colRange(at, at + flat.cols());
            flat.copyTo(target);
            at += flat.cols();
            target.release();
            flat.release();
            copy.release();
            inner.release();
        }
        return row;
    }
}
