package studio.loc.diffusion.pipeline.fullres;

import org.opencv.core.Core;
import org.opencv.core.Mat;
import org.opencv.core.Size;
import org.opencv.imgproc.Imgproc;
import studio.loc.diffusion.image.MatScope;

/**
 * Transfers spatial edits (blur, sharpening, stylisation): the result is the upsampled edit plus the query's
 * full-resolution detail (what the low-resolution copy cannot hold), scaled by how much the edit kept fine detail.
 *
 * <p>{@code result = up(editedLow) + gain * (queryFull - up(queryLow))}. Using {@code up(queryLow)} rather than
 * re-downsampling {@code queryFull} makes "no edit" return the input exactly, whatever resampler the caller used.
 * The gain is measured on the low-resolution pair as the regression of the edit's finest band on the query's
 * finest band ({@link #detailGain}): about 0 after a blur, 1 after a colour edit, above 1 after sharpening.
 */
public final class ResidualDetailTransfer implements ChangeTransfer {

    /** Sharpening rarely more than doubles fine contrast; a bigger estimate is noise. */
    static final double MAX_GAIN = 2.0;
    /** Sigma, in low-resolution pixels, of the blur that separates the finest band. */
    private static final double BAND_SIGMA = 1.0;

    @Override
    public Mat transfer(Mat queryFull, Mat queryLow, Mat editedLow) {
        Mats.checkInputs(queryFull, queryLow, editedLow);
        Size full = queryFull.size();
        double gain;
        RowUpsampler upEdited;
        try (MatScope low = new MatScope()) {
            Mat edited = Mats.matchSize(editedLow, queryLow, low);
            gain = fullResolutionGain(detailGain(queryLow, edited));
            upEdited = new RowUpsampler(edited, full);
        }
        try (upEdited; RowUpsampler upQuery = new RowUpsampler(queryLow, full); MatScope scope = new MatScope()) {
            Mat result = scope.add(new Mat(full, queryFull.type()));
            for (int y0 = 0; y0 < queryFull.rows(); y0 += Mats.BAND_ROWS) {
                int y1 = Math.min(queryFull.rows(), y0 + Mats.BAND_ROWS);
                try (MatScope rows = new MatScope()) {
                    Mat band = rows.add(queryFull.rowRange(y0, y1));
                    Mat detail = rows.add(upQuery.rows(y0, y1));
                    Core.subtract(band, detail, detail);
                    Mat out = rows.add(upEdited.rows(y0, y1));
                    Core.scaleAdd(detail, gain, out, out);
                    Mat target = rows.add(result.rowRange(y0, y1));
                    Mats.clamp01(out).copyTo(target);
                }
            }
            return scope.keep(result);
        }
    }

    /**
     * Least-squares gain g minimising |band(edited) - g band(query)|^2, where band = image minus its Gaussian blur,
     * clamped to [0, {@link #MAX_GAIN}]; 1 when the query has no fine detail at all.
     */
    static double detailGain(Mat queryLow, Mat editedLow) {
        double cross;
        double energy;
        try (MatScope scope = new MatScope()) {
            Mat bq = scope.add(band(queryLow));
            Mat be = scope.add(band(editedLow));
            cross = bq.dot(be);
            energy = bq.dot(bq);
        }
        if (energy < 1e-12 * Math.max(1, queryLow.total())) {
            return 1.0;
        }
        return Math.max(0, Math.min(MAX_GAIN, cross / energy));
    }

    /**
     * The measured gain belongs to the finest low-resolution band; the full-resolution detail lies above it. An
     * attenuating edit (blur) attenuates higher frequencies more — for a Gaussian the log-gain grows with the
     * square of frequency — so gains below 1 are squared; gains of 1 or more (colour edits, sharpening) are used
     * as measured.
     */
    static double fullResolutionGain(double measured) {
        return measured < 1 ? measured * measured : measured;
    }

    private static Mat band(Mat image) {
        try (MatScope scope = new MatScope()) {
            Mat blurred = scope.newMat();
            Imgproc.GaussianBlur(image, blurred, new Size(0, 0), BAND_SIGMA, BAND_SIGMA, Core.BORDER_REFLECT);
            Mat band = scope.newMat();
            Core.subtract(image, blurred, band);
            return scope.keep(band);
        }
    }
}
