package studio.loc.hypernet.data.synthetic;

import java.util.ArrayList;
import java.util.List;
import org.opencv.core.Core;
import org.opencv.core.CvType;
import org.opencv.core.Mat;
import org.opencv.core.Scalar;
import org.opencv.core.Size;
import org.opencv.imgproc.Imgproc;
import studio.loc.diffusion.image.MatScope;

/**
 * Small image operations the families share. Sizes that should look the same at any resolution are given as a
 * fraction of the shorter side (see {@link #px}); the families' parameter ranges are tuned at 256 px.
 */
final class Img {

    /** Rec. 709 luma weights, for R, G, B. */
    static final double[] LUMA = {0.2126, 0.7152, 0.0722};

    private Img() {
    }

    static int shortSide(Mat image) {
        return Math.min(image.rows(), image.cols());
    }

    /** A length given as a fraction of the shorter side, in pixels of this image. */
    static double px(Mat image, double fractionOfShortSide) {
        return fractionOfShortSide * shortSide(image);
    }

    /** An odd kernel size of at least 3 for a length given as a fraction of the shorter side. */
    static int oddKernel(Mat image, double fractionOfShortSide) {
        int k = (int) Math.round(px(image, fractionOfShortSide));
        k = Math.max(3, k);
        return k % 2 == 0 ? k + 1 : k;
    }

    static float[] floats(Mat image) {
        float[] data = new float[(int) image.total() * image.channels()];
        image.get(0, 0, data);
        return data;
    }

    static Mat fromFloats(float[] data, int rows, int cols, int type) {
        Mat out = new Mat(rows, cols, type);
        out.put(0, 0, data);
        return out;
    }

    /** Gaussian blur with sigma in pixels; the kernel size follows from sigma. */
    static Mat gaussian(Mat image, double sigmaPx) {
        Mat out = new Mat();
        Imgproc.GaussianBlur(image, out, new Size(0, 0), Math.max(0.3, sigmaPx), Math.max(0.3, sigmaPx),
                Core.BORDER_REFLECT101);
        return out;
    }

    /** Luma (Rec. 709 weights on the encoded values) as CV_32FC1. */
    static Mat luma(Mat rgb) {
        try (MatScope scope = new MatScope()) {
            Mat weights = scope.add(new Mat(1, 3, CvType.CV_32F));
            weights.put(0, 0, (float) LUMA[0], (float) LUMA[1], (float) LUMA[2]);
            Mat out = scope.newMat();
            Core.transform(rgb, out, weights);
            return scope.keep(out);
        }
    }

    /** A one-channel image repeated into three channels. */
    static Mat gray3(Mat gray) {
        Mat out = new Mat();
        Core.merge(List.of(gray, gray, gray), out);
        return out;
    }

    /** Applies a 3x3 colour matrix (row-major, output channel per row) plus an offset per channel. */
    static Mat colorMatrix(Mat rgb, double[] matrix, double[] offset) {
        try (MatScope scope = new MatScope()) {
            Mat m = scope.add(new Mat(3, 4, CvType.CV_32F));
            for (int r = 0; r < 3; r++) {
                m.put(r, 0, (float) matrix[3 * r], (float) matrix[3 * r + 1], (float) matrix[3 * r + 2],
                        (float) (offset == null ? 0 : offset[r]));
            }
            Mat out = scope.newMat();
            Core.transform(rgb, out, m);
            return scope.keep(out);
        }
    }

    /** (1 - t) a + t b, as a new Mat. */
    static Mat mix(Mat a, Mat b, double t) {
        Mat out = new Mat();
        Core.addWeighted(a, 1 - t, b, t, 0, out);
        return out;
    }

    /** Per-pixel blend a (1 - w) + b w with a one-channel weight map w. */
    static Mat blendByMask(Mat a, Mat b, Mat weight1) {
        try (MatScope scope = new MatScope()) {
            Mat w3 = scope.add(gray3(weight1));
            Mat diff = scope.newMat();
            Core.subtract(b, a, diff);
            Core.multiply(diff, w3, diff);
            Mat out = scope.newMat();
            Core.add(a, diff, out);
            return scope.keep(out);
        }
    }

    /** Multiplies every pixel's channels by a one-channel map. */
    static Mat multiplyByMap(Mat rgb, Mat map1) {
        try (MatScope scope = new MatScope()) {
            Mat m3 = scope.add(gray3(map1));
            Mat out = scope.newMat();
            Core.multiply(rgb, m3, out);
            return scope.keep(out);
        }
    }

    /** Clamps every value into [lo, hi], in place. */
    static void clamp(Mat image, double lo, double hi) {
        Core.min(image, Scalar.all(hi), image);
        Core.max(image, Scalar.all(lo), image);
    }

    /** Position {@code index} of {@code count} mapped to [-1, 1], so positions mean the same at any size. */
    static double normalised(int index, int count) {
        return count <= 1 ? 0 : 2.0 * index / (count - 1) - 1;
    }

    static List<Mat> split(Mat image) {
        List<Mat> channels = new ArrayList<>();
        Core.split(image, channels);
        return channels;
    }

    /** Converts RGB [0, 1] float to RGB 8-bit, for the OpenCV functions that only take 8-bit images. */
    static Mat to8u(Mat rgb) {
        Mat out = new Mat();
        rgb.convertTo(out, CvType.CV_8UC3, 255.0);
        return out;
    }

    static Mat toFloat(Mat u8) {
        Mat out = new Mat();
        u8.convertTo(out, CvType.makeType(CvType.CV_32F, u8.channels()), 1 / 255.0);
        return out;
    }
}
