package studio.loc.diffusion.colour;

import java.util.Random;
import java.util.function.UnaryOperator;
import org.opencv.core.Core;
import org.opencv.core.CvType;
import org.opencv.core.Mat;
import org.opencv.core.Scalar;
import org.opencv.core.Size;
import org.opencv.imgproc.Imgproc;
import studio.loc.diffusion.image.OpenCv;

/** Tiny generated RGB CV_32FC3 images for the colour tests. */
public final class ColourImages {

    private ColourImages() {
    }

    /** Random colours, 8-bit exact, covering the whole RGB cube. */
    public static Mat random(int rows, int cols, long seed) {
        OpenCv.ensureLoaded();
        Random random = new Random(seed);
        float[] v = new float[rows * cols * 3];
        for (int i = 0; i < v.length; i++) {
            v[i] = random.nextInt(256) / 255f;
        }
        Mat m = new Mat(rows, cols, CvType.CV_32FC3);
        m.put(0, 0, v);
        return m;
    }

    /** A different kind of image from the random ones: smooth colour blobs. */
    public static Mat smooth(int rows, int cols, long seed) {
        Mat noise = random(rows, cols, seed);
        Mat smooth = new Mat();
        Imgproc.GaussianBlur(noise, smooth, new Size(0, 0), 3);
        Core.normalize(smooth, smooth, 0, 1, Core.NORM_MINMAX);
        // normalize can land a rounding error below 0, where a gamma curve would give NaN
        Core.max(smooth, new Scalar(0, 0, 0), smooth);
        Core.min(smooth, new Scalar(1, 1, 1), smooth);
        return smooth;
    }

    /** Squares of {@code cell} pixels, each one random colour: sharp edges, every colour in one place only. */
    public static Mat squares(int rows, int cols, int cell, long seed) {
        OpenCv.ensureLoaded();
        Random random = new Random(seed);
        int across = (cols + cell - 1) / cell;
        float[][] colours = new float[across * ((rows + cell - 1) / cell)][];
        for (int i = 0; i < colours.length; i++) {
            colours[i] = new float[] {random.nextFloat(), random.nextFloat(), random.nextFloat()};
        }
        float[] v = new float[rows * cols * 3];
        for (int y = 0; y < rows; y++) {
            for (int x = 0; x < cols; x++) {
                System.arraycopy(colours[(y / cell) * across + x / cell], 0, v, (y * cols + x) * 3, 3);
            }
        }
        Mat m = new Mat(rows, cols, CvType.CV_32FC3);
        m.put(0, 0, v);
        return m;
    }

    /** Applies a per-pixel colour function (on [0,1] RGB triples), in Java: these images are tiny. */
    public static Mat map(Mat rgb, UnaryOperator<float[]> f) {
        float[] v = new float[(int) rgb.total() * 3];
        rgb.get(0, 0, v);
        for (int i = 0; i < v.length; i += 3) {
            float[] out = f.apply(new float[] {v[i], v[i + 1], v[i + 2]});
            System.arraycopy(out, 0, v, i, 3);
        }
        Mat m = new Mat(rgb.rows(), rgb.cols(), CvType.CV_32FC3);
        m.put(0, 0, v);
        return m;
    }

    /** The picture rounded to 8-bit levels, as one read from an 8-bit file is. */
    public static Mat quantised(Mat rgb) {
        return map(rgb, p -> new float[] {Math.round(p[0] * 255) / 255f, Math.round(p[1] * 255) / 255f,
                Math.round(p[2] * 255) / 255f});
    }

    /** PSNR in dB for [0, 1] images (OpenCV's, capped at 100 dB for equal images). */
    public static double psnr(Mat a, Mat b) {
        return Math.min(100, Core.PSNR(a, b, 1.0));
    }

    /** The largest absolute difference between two images. */
    public static double maxDifference(Mat a, Mat b) {
        Mat d = new Mat();
        Core.absdiff(a, b, d);
        Mat flat = d.reshape(1);
        double max = Core.minMaxLoc(flat).maxVal;
        d.release();
        return max;
    }
}
