package studio.loc.diffusion.pipeline.fullres;

import java.util.ArrayList;
import java.util.List;
import org.opencv.core.Core;
import org.opencv.core.CvType;
import org.opencv.core.Mat;
import org.opencv.imgproc.Imgproc;
import studio.loc.diffusion.image.MatScope;
import studio.loc.diffusion.image.OpenCv;
import studio.loc.diffusion.image.Pictures;

/** Small OpenCV helpers shared by the transfers: resizing, channel splitting, argument checks. */
final class Mats {

    private Mats() {
    }

    static void checkInputs(Mat queryFull, Mat queryLow, Mat editedLow) {
        OpenCv.ensureLoaded();
        for (Mat m : new Mat[] {queryFull, queryLow, editedLow}) {
            if (m == null || m.empty() || m.type() != CvType.CV_32FC3) {
                throw new IllegalArgumentException("change transfer needs non-empty CV_32FC3 RGB images, got "
                        + (m == null ? "null" : CvType.typeToString(m.type())));
            }
        }
    }

    /** {@code editedLow} at {@code queryLow}'s size: the same Mat if it already is, else a resized copy. */
    static Mat matchSize(Mat editedLow, Mat queryLow) {
        if (editedLow.size().equals(queryLow.size())) {
            return editedLow;
        }
        return Pictures.resampleLinear(editedLow, queryLow.size());
    }

    /** As {@link #matchSize(Mat, Mat)}; a resized copy belongs to {@code scope}, the caller's Mat stays theirs. */
    static Mat matchSize(Mat editedLow, Mat queryLow, MatScope scope) {
        return scope.addUnlessSame(matchSize(editedLow, queryLow), editedLow);
    }

    /** Clamps to [0, 1] in place: transforms may overshoot, and pictures hold values in [0, 1]. */
    static Mat clamp01(Mat m) {
        Imgproc.threshold(m, m, 1.0, 1.0, Imgproc.THRESH_TRUNC);
        Imgproc.threshold(m, m, 0.0, 0.0, Imgproc.THRESH_TOZERO);
        return m;
    }

    /**
     * Rows per band when working at full resolution: small enough that a band's temporaries stay a few megabytes
     * even on very wide photos, large enough that per-call overhead does not matter.
     */
    static final int BAND_ROWS = 128;

    static List<Mat> split(Mat m) {
        List<Mat> channels = new ArrayList<>();
        Core.split(m, channels);
        return channels;
    }

    static void release(Iterable<Mat> mats) {
        for (Mat m : mats) {
            m.release();
        }
    }

    static void release(Mat... mats) {
        for (Mat m : mats) {
            if (m != null) {
                m.release();
            }
        }
    }
}
