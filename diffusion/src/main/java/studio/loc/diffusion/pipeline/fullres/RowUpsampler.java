package studio.loc.diffusion.pipeline.fullres;

import org.opencv.core.Core;
import org.opencv.core.Mat;
import org.opencv.core.Size;
import org.opencv.imgproc.Imgproc;
import studio.loc.diffusion.image.MatScope;

/**
 * Bilinear upsampling of a small map to a large size, produced a band of rows at a time so that a 24-megapixel
 * photo never needs several full-size float copies at once. Same sampling as {@code Imgproc.resize} with
 * {@code INTER_LINEAR} (pixel centres aligned, edges replicated): the map is first resized horizontally to the full
 * width, then each output row blends the two nearest of those rows.
 */
final class RowUpsampler implements AutoCloseable {

    private final Mat wide;
    private final int fullRows;
    private final double scale;

    RowUpsampler(Mat low, Size full) {
        this.wide = new Mat();
        Imgproc.resize(low, wide, new Size(full.width, low.rows()), 0, 0,
                full.width < low.cols() ? Imgproc.INTER_AREA : Imgproc.INTER_LINEAR);
        this.fullRows = (int) full.height;
        this.scale = low.rows() / full.height;
    }

    /** Rows [y0, y1) of the upsampled map, as a new Mat. */
    Mat rows(int y0, int y1) {
        if (y0 < 0 || y1 > fullRows || y1 <= y0) {
            throw new IllegalArgumentException("rows [" + y0 + ", " + y1 + ") outside [0, " + fullRows + ")");
        }
        Mat out = new Mat(y1 - y0, wide.cols(), wide.type());
        int last = wide.rows() - 1;
        for (int y = y0; y < y1; y++) {
            double source = Math.max(0, (y + 0.5) * scale - 0.5);
            int top = Math.min((int) source, last);
            int bottom = Math.min(top + 1, last);
            double f = source - top;
            try (MatScope scope = new MatScope()) {
                Mat dst = scope.add(out.row(y - y0));
                if (f == 0 || top == bottom) {
                    wide.row(top).copyTo(dst);
                } else {
                    Core.addWeighted(wide.row(top), 1 - f, wide.row(bottom), f, 0, dst);
                }
            }
        }
        return out;
    }

    /** Releases the horizontally resized map. */
    @Override
    public void close() {
        wide.release();
    }
}
