package studio.loc.diffusion.image;

import java.util.ArrayList;
import java.util.List;
import org.opencv.core.Core;
import org.opencv.core.CvType;
import org.opencv.core.Mat;
import org.opencv.core.MatOfByte;
import org.opencv.core.Scalar;
import org.opencv.core.Size;
import org.opencv.imgcodecs.Imgcodecs;
import org.opencv.imgproc.Imgproc;

/** Size changes and display conversions of pictures. Every method returns new pictures/Mats the caller owns. */
public final class Pictures {

    private Pictures() {
    }

    /**
     * Resamples to exactly {@code width} × {@code height} (see {@link #resample(Mat, Size)}). Alpha is resampled
     * alike.
     */
    public static Picture resize(Picture picture, int width, int height) {
        if (width <= 0 || height <= 0) {
            throw new IllegalArgumentException("size must be positive, got " + width + " × " + height);
        }
        Size size = new Size(width, height);
        Mat rgb = resample(picture.rgb(), size);
        Mat alpha = picture.hasAlpha() ? resample(picture.alpha(), size) : null;
        return new Picture(rgb, alpha, picture.bitDepth());
    }

    /**
     * {@code image} (float, values in [0, 1]) at {@code size}, as a new Mat: area averaging when no side grows (no
     * aliasing), bicubic when one does, clamped to [0, 1] because bicubic overshoots at edges.
     */
    public static Mat resample(Mat image, Size size) {
        boolean enlarging = enlarges(image, size);
        Mat out = resized(image, size, enlarging ? Imgproc.INTER_CUBIC : Imgproc.INTER_AREA);
        if (enlarging) {
            Core.min(out, new Scalar(1, 1, 1, 1), out);
            Core.max(out, new Scalar(0, 0, 0, 0), out);
        }
        return out;
    }

    /**
     * As {@link #resample(Mat, Size)}, but bilinear when a side grows: it cannot overshoot and costs half as much,
     * for pictures that are smooth already (low-resolution edits, fitting copies).
     */
    public static Mat resampleLinear(Mat image, Size size) {
        return resized(image, size, enlarges(image, size) ? Imgproc.INTER_LINEAR : Imgproc.INTER_AREA);
    }

    private static boolean enlarges(Mat image, Size size) {
        return size.width > image.cols() || size.height > image.rows();
    }

    private static Mat resized(Mat image, Size size, int interpolation) {
        if (size.width < 1 || size.height < 1) {
            throw new IllegalArgumentException("size must be positive, got " + size);
        }
        OpenCv.ensureLoaded();
        Mat out = new Mat();
        Imgproc.resize(image, out, size, 0, 0, interpolation);
        return out;
    }

    /** Shrinks, keeping the aspect ratio, so the longer side is at most {@code maxSide}; a copy if already small. */
    public static Picture fitWithin(Picture picture, int maxSide) {
        if (maxSide <= 0) {
            throw new IllegalArgumentException("maxSide must be positive, got " + maxSide);
        }
        int longer = Math.max(picture.width(), picture.height());
        if (longer <= maxSide) {
            return picture.copy();
        }
        double scale = (double) maxSide / longer;
        int width = Math.max(1, Math.min(maxSide, (int) Math.round(picture.width() * scale)));
        int height = Math.max(1, Math.min(maxSide, (int) Math.round(picture.height() * scale)));
        return resize(picture, width, height);
    }

    /** 8-bit BGR for display and thumbnails (alpha dropped). */
    public static Mat toBgr8(Picture picture) {
        OpenCv.ensureLoaded();
        try (MatScope scope = new MatScope()) {
            Mat rgb8 = scope.newMat();
            picture.rgb().convertTo(rgb8, CvType.CV_8U, 255);
            Mat bgr = scope.newMat();
            Imgproc.cvtColor(rgb8, bgr, Imgproc.COLOR_RGB2BGR);
            return scope.keep(bgr);
        }
    }

    /** A PNG no larger than {@code maxSide} on its longer side, with alpha when the picture has it. */
    public static byte[] thumbnailPng(Picture picture, int maxSide) {
        try (Picture small = fitWithin(picture, maxSide); MatScope scope = new MatScope()) {
            Mat bgr = scope.add(toBgr8(small));
            Mat toEncode = bgr;
            if (small.hasAlpha()) {
                List<Mat> channels = new ArrayList<>();
                Core.split(bgr, channels);
                scope.addAll(channels);
                Mat alpha8 = scope.newMat();
                small.alpha().convertTo(alpha8, CvType.CV_8U, 255);
                channels.add(alpha8);
                toEncode = scope.newMat();
                Core.merge(channels, toEncode);
            }
            MatOfByte png = scope.add(new MatOfByte());
            if (!Imgcodecs.imencode(".png", toEncode, png)) {
                throw new IllegalStateException("OpenCV could not encode a " + small.width() + " × " + small.height()
                        + " thumbnail as PNG");
            }
            return png.toArray();
        }
    }
}
