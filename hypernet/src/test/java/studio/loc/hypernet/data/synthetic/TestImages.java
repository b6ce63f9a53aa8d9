package studio.loc.hypernet.data.synthetic;

import org.opencv.core.CvType;
import org.opencv.core.Mat;
import org.opencv.core.Point;
import org.opencv.core.Scalar;
import org.opencv.imgproc.Imgproc;
import studio.loc.diffusion.image.OpenCv;

/** Generated test pictures: a colour gradient with shapes, so colour, tone, edges and flat areas all occur. */
public final class TestImages {

    private TestImages() {
    }

    /**
     * RGB CV_32FC3 in [0, 1]; shapes are placed relative to the size so any size shows the same scene. A faint
     * seeded texture stands in for the fine detail of a photo (a denoiser has nothing to do on a clean gradient).
     */
    public static Mat gradientWithShapes(int rows, int cols) {
        OpenCv.ensureLoaded();
        Mat image = new Mat(rows, cols, CvType.CV_32FC3);
        float[] data = new float[rows * cols * 3];
        java.util.Random texture = new java.util.Random(42);
        for (int y = 0; y < rows; y++) {
            for (int x = 0; x < cols; x++) {
                int i = 3 * (y * cols + x);
                float u = (float) x / Math.max(1, cols - 1);
                float v = (float) y / Math.max(1, rows - 1);
                float grain = (float) (0.03 * texture.nextGaussian());
                data[i] = 0.1f + 0.8f * u + grain;
                data[i + 1] = 0.2f + 0.6f * v + grain;
                data[i + 2] = 0.9f - 0.7f * (u + v) / 2 + grain;
            }
        }
        image.put(0, 0, data);
        org.opencv.core.Core.min(image, Scalar.all(1), image);
        org.opencv.core.Core.max(image, Scalar.all(0), image);
        double s = Math.min(rows, cols);
        Imgproc.circle(image, new Point(cols * 0.3, rows * 0.35), (int) (s * 0.18), new Scalar(0.95, 0.9, 0.2), -1,
                Imgproc.LINE_AA);
        Imgproc.rectangle(image, new Point(cols * 0.55, rows * 0.5), new Point(cols * 0.85, rows * 0.85),
                new Scalar(0.1, 0.15, 0.5), -1, Imgproc.LINE_AA);
        Imgproc.line(image, new Point(0, rows * 0.9), new Point(cols, rows * 0.6), new Scalar(0.02, 0.02, 0.02),
                Math.max(1, (int) (s * 0.02)), Imgproc.LINE_AA);
        Imgproc.circle(image, new Point(cols * 0.75, rows * 0.2), (int) (s * 0.08), new Scalar(1, 1, 1), -1,
                Imgproc.LINE_AA);
        return image;
    }

    /** A seeded random-colour checkerboard, for tests that need two visibly different pictures. */
    public static Mat checker(int rows, int cols, long seed) {
        OpenCv.ensureLoaded();
        java.util.Random rng = new java.util.Random(seed);
        Mat image = new Mat(rows, cols, CvType.CV_32FC3);
        int cell = Math.max(2, Math.min(rows, cols) / 6);
        float[][] colors = new float[36][3];
        for (float[] c : colors) {
            for (int k = 0; k < 3; k++) {
                c[k] = rng.nextFloat();
            }
        }
        float[] data = new float[rows * cols * 3];
        for (int y = 0; y < rows; y++) {
            for (int x = 0; x < cols; x++) {
                float[] c = colors[((y / cell) * 6 + x / cell) % 36];
                System.arraycopy(c, 0, data, 3 * (y * cols + x), 3);
            }
        }
        image.put(0, 0, data);
        return image;
    }
}
