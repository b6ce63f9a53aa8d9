package studio.loc.diffusion.image;

import org.opencv.core.CvType;
import org.opencv.core.Mat;
import org.opencv.imgproc.Imgproc;

/**
 * Conversions between integer pixels as files hold them (8- or 16-bit BGR) and the float RGB of a
 * {@link Picture}: one place, so that a picture converted whole, one converted band by band and one the reader
 * converted all hold the same floats, and every writer rounds them the same way.
 */
public final class PackedPixels {

    private PackedPixels() {
    }

    /** The scale from integer to [0, 1] floats for a bit depth. */
    public static double toUnit(int bitDepth) {
        return bitDepth == 16 ? 1.0 / 65535 : 1.0 / 255;
    }

    /** Float RGB ({@code CV_32FC3}, a new Mat) from integer BGR of any size (a whole picture or a band). */
    public static Mat toFloatRgb(Mat bgr, int bitDepth) {
        Mat rgb = new Mat();
        Mat swapped = new Mat();
        try {
            Imgproc.cvtColor(bgr, swapped, Imgproc.COLOR_BGR2RGB);
            swapped.convertTo(rgb, CvType.CV_32F, toUnit(bitDepth));
            return rgb;
        } finally {
            swapped.release();
        }
    }

    /**
     * Integer BGR of {@code bitDepth} bits into {@code target} (allocated or reused by OpenCV) from float RGB:
     * rounded to the nearest integer and saturated, as {@link PictureWriter} rounds.
     */
    public static void toPackedBgr(Mat rgb, int bitDepth, Mat target) {
        Mat integers = new Mat();
        try {
            rgb.convertTo(integers, bitDepth == 16 ? CvType.CV_16U : CvType.CV_8U, bitDepth == 16 ? 65535 : 255);
            Imgproc.cvtColor(integers, target, Imgproc.COLOR_RGB2BGR);
        } finally {
            integers.release();
        }
    }
}
