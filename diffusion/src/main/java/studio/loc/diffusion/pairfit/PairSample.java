package studio.loc.diffusion.pairfit;

import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.opencv.core.Mat;
import org.opencv.core.Rect;
import org.opencv.core.Size;
import org.opencv.imgproc.Imgproc;
import studio.loc.diffusion.image.MatScope;

/**
 * What a pair is fitted on, taken from the pair at its full size, never from a shrunk copy of it.
 *
 * <p>Colours: a colour table and a gain map are fitted on a sample of the pair's pixels, every {@code n}-th along
 * each axis, each pixel as it is. Shrinking by area averaging instead mixes colours that the edit maps non-linearly
 * (a curve of the mean is not the mean of the curve), so a table fitted on a shrunk pair is biased towards a
 * straighter curve, and the more so the larger the photo is.
 *
 * <p>Windows: a filter's footprint is in pixels (a 2.5-pixel blur on a 1024-pixel photo is a 0.6-pixel one on a
 * 256-pixel copy, below what a copy can show), so filters are fitted on full-resolution windows of the pair spread over
 * the frame, each with a margin for the blurs to see the neighbours of the pixels that count.
 *
 * <p>A sample owns its Mats and windows; closing it releases them.
 */
final class PairSample implements AutoCloseable {

    /** The most pixels a colour sample holds: hundreds of pixels for each of the 729 nodes of a 9^3 table. */
    static final int COLOUR_PIXELS = 1 << 18;
    /** Interior side of a window, in full-resolution pixels. */
    static final int WINDOW_SIDE = 64;
    /**
     * Windows per side of the frame (half of the rows in the top half, half in the bottom one): 16 windows, 65 536
     * pixels that count, thousands for each of a filter's 11 weights per channel, from all over the frame.
     */
    static final int WINDOWS_PER_SIDE = 4;

    private final Mat colourBefore;
    private final Mat colourAfter;
    private final List<FitWindow> top;
    private final List<FitWindow> bottom;

    private PairSample(Mat colourBefore, Mat colourAfter, List<FitWindow> top, List<FitWindow> bottom) {
        this.colourBefore = colourBefore;
        this.colourAfter = colourAfter;
        this.top = top;
        this.bottom = bottom;
    }

    /**
     * What {@code before} and {@code after} (same size, RGB CV_32FC3) are fitted on: colour samples of at most
     * {@link #COLOUR_PIXELS} pixels, and the windows of both halves with the fitted filters' reach as margin.
     */
    static PairSample of(Mat before, Mat after) {
        int margin = GaussianMixFilter.reach();
        try (MatScope scope = new MatScope()) {
            Mat colourBefore = scope.add(colours(before, COLOUR_PIXELS));
            Mat colourAfter = scope.add(colours(after, COLOUR_PIXELS));
            List<FitWindow> top = windows(before, after, true, margin);
            List<FitWindow> bottom = windows(before, after, false, margin);
            return new PairSample(scope.keep(colourBefore), scope.keep(colourAfter), top, bottom);
        }
    }

    /** The sample of the before picture's pixels. */
    Mat colourBefore() {
        return colourBefore;
    }

    /** The same pixels of the after picture. */
    Mat colourAfter() {
        return colourAfter;
    }

    /** The windows in the top half of the frame. */
    List<FitWindow> top() {
        return top;
    }

    /** The windows in the bottom half of the frame. */
    List<FitWindow> bottom() {
        return bottom;
    }

    /** Every window, the top half's first. */
    List<FitWindow> windows() {
        return Stream.concat(top.stream(), bottom.stream()).toList();
    }

    /**
     * Every {@code n}-th pixel of {@code rgb} along each axis (the one nearest each sample's centre, not a mean), for
     * at most {@code pixels} pixels; {@code rgb} itself, cloned, when it is no larger.
     */
    static Mat colours(Mat rgb, int pixels) {
        long total = rgb.total();
        if (total <= pixels) {
            return rgb.clone();
        }
        double scale = Math.sqrt((double) pixels / total);
        Size size = new Size(Math.max(1, Math.floor(rgb.cols() * scale)), Math.max(1, Math.floor(rgb.rows() * scale)));
        Mat out = new Mat();
        Imgproc.resize(rgb, out, size, 0, 0, Imgproc.INTER_NEAREST_EXACT);
        return out;
    }

    /**
     * The full-resolution windows of {@code before} and {@code after} (same size) in the top half of the frame
     * ({@code top}) or the bottom half: a grid of {@link #WINDOW_SIDE} windows, or the half itself when filtering it
     * whole costs no more than filtering the windows would.
     *
     * @param margin pixels around each window's interior that its filters may read (the largest blur's reach)
     */
    private static List<FitWindow> windows(Mat before, Mat after, boolean top, int margin) {
        int w = before.cols();
        int h = before.rows();
        int half = h / 2;
        List<FitWindow> windows = new ArrayList<>();
        long windowed = (long) WINDOWS_PER_SIDE * WINDOWS_PER_SIDE * (WINDOW_SIDE + 2L * margin)
                * (WINDOW_SIDE + 2L * margin);
        if (before.total() <= windowed || w < WINDOW_SIDE * WINDOWS_PER_SIDE || h < WINDOW_SIDE * WINDOWS_PER_SIDE) {
            Rect interior = top ? new Rect(0, 0, w, half) : new Rect(0, half, w, h - half);
            windows.add(FitWindow.around(before, after, interior, margin));
            return windows;
        }
        int rowsPerHalf = WINDOWS_PER_SIDE / 2;
        for (int j = 0; j < rowsPerHalf; j++) {
            // Centres evenly spread over the half, so the windows see the whole of it.
            int cy = (int) Math.round((j + 0.5) * half / rowsPerHalf) + (top ? 0 : half);
            int bandTop = top ? 0 : half;
            int bandBottom = top ? half : h;
            int y = Math.max(bandTop, Math.min(bandBottom - WINDOW_SIDE, cy - WINDOW_SIDE / 2));
            for (int i = 0; i < WINDOWS_PER_SIDE; i++) {
                int cx = (int) Math.round((i + 0.5) * w / WINDOWS_PER_SIDE);
                int x = Math.max(0, Math.min(w - WINDOW_SIDE, cx - WINDOW_SIDE / 2));
                windows.add(FitWindow.around(before, after, new Rect(x, y, WINDOW_SIDE, WINDOW_SIDE), margin));
            }
        }
        return windows;
    }

    @Override
    public void close() {
        windows().forEach(FitWindow::close);
        try (MatScope mats = new MatScope()) {
            mats.add(colourBefore);
            mats.add(colourAfter);
        }
    }
}
