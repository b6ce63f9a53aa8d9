package studio.loc.diffusion.image;

import java.util.ArrayList;
import java.util.List;
import org.opencv.core.Core;
import org.opencv.core.CvType;
import org.opencv.core.Mat;
import org.opencv.core.MatOfByte;
import org.opencv.core.Size;
import org.opencv.imgcodecs.Imgcodecs;
import org.opencv.imgproc.Imgproc;

/** Size changes and display conversions of pictures. Every method returns new pictures/Mats the caller owns. */
public final class Pictures {

    private Pictures() {
    }

    /**
     * Resamples to exactly {@code width} × {@code height}: area averaging when shrinking (no aliasing), bicubic
     * when enlarging, clamped to [0, 1] because bicubic overshoots at edges. Alpha is resampled alike.
     */
    public static Picture resize(Picture picture, int width, int height) {
        if (width <= 0 || height <= 0) {
            throw new IllegalArgumentException("size must be positive, got " + width + " × " + height);
        }
        OpenCv.ensureLoaded();
        boolean shrinking = width <= picture.width() && height <= picture.height();
        int interpolation = shrinking ? Imgproc.INTER_AREA : Imgproc.INTER_CUBIC;
        Mat rgb = resample(picture.rgb(), width, height, interpolation, !shrinking);
        Mat alpha = picture.hasAlpha() ? resample(picture.alpha(), width, height, interpolation, !shrinking) : null;
        return new Picture(rgb, alpha, picture.bitDepth());
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
        Mat rgb8 = new Mat();
        picture.rgb().convertTo(rgb8, CvType.CV_8U, 255);
        Mat bgr = new Mat();
        Imgproc.cvtColor(rgb8, bgr, Imgproc.COLOR_RGB2BGR);
        rgb8.release();
        return bgr;
    }

    /** A PNG no larger than {@code maxSide} on its longer side, with alpha when the picture has it. */
    public static byte[] thumbnailPng(Picture picture, int maxSide) {
        try (Picture small = fitWithin(picture, maxSide)) {
            Mat bgr = toBgr8(small);
            Mat toEncode = bgr;
            List<Mat> channels = new ArrayList<>();
            if (small.hasAlpha()) {
                Core.split(bgr, channels);
                Mat alpha8 = new Mat();
                small.alpha().convertTo(alpha8, CvType.CV_8U, 255);
                channels.add(alpha8);
                toEncode = new Mat();
                Core.merge(channels, toEncode);
            }
            MatOfByte png = new MatOfByte();
            try {
                if (!Imgcodecs.imencode(".png", toEncode, png)) {
                    throw new IllegalStateException("OpenCV could not encode a " + small.width() + " × " + small.height()
                            + " thumbnail as PNG");
                }
                return png.toArray();
            } finally {
                png.release();
                bgr.release();
                toEncode.release();
                channels.forEach(Mat::release);
            }
        }
    }

    private static Mat resample(Mat source, int width, int height, int interpolation, boolean clamp) {
        Mat out = new Mat();
        Imgproc.resize(source, out, new Size(width, height), 0, 0, interpolation);
        if (clamp) {
            Core.min(out, new org.opencv.core.Scalar(1, 1, 1, 1), out);
            Core.max(out, new org.opencv.core.Scalar(0, 0, 0, 0), out);
        }
        return out;
    }
}
