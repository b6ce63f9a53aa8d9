package studio.loc.diffusion.pairfit;

import java.util.ArrayList;
import java.util.List;
import org.opencv.core.Mat;
import org.opencv.core.Rect;
import org.opencv.core.Size;
import org.opencv.imgproc.Imgproc;

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
 */
final class PairSample {

    /** The most pixels a colour sample holds: hundreds of pixels for each of the 729 nodes of a 9^3 table. */
    static final int COLOUR_PIXELS = 1 << 18;
    /** Interior side of a window, in full-resolution pixels. */
    static final int WINDOW_SIDE = 64;
    /**
     * Windows per side of the frame (half of the rows in the top half, half in the bottom one): 16 windows, 65 536
     * pixels that count, thousands for each of a filter's 11 weights per channel, from all over the frame.
     */
    static final int WINDOWS_PER_SIDE = 4;

    private PairSample() {
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
    static List<FitWindow> windows(Mat before, Mat after, boolean top, int margin) {
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

    static void release(List<FitWindow> windows) {
        for (FitWindow w : windows) {
            w.release();
        }
    }
}
