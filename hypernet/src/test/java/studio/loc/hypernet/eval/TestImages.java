package studio.loc.hypernet.eval;

import java.util.Random;
import org.opencv.core.CvType;
import org.opencv.core.Mat;
import org.opencv.core.Scalar;
import studio.loc.diffusion.image.OpenCv;

/** Tiny generated RGB CV_32FC3 images for the evaluation tests. */
final class TestImages {

    private TestImages() {
    }

    static Mat uniform(int rows, int cols, double r, double g, double b) {
        OpenCv.ensureLoaded();
        return new Mat(rows, cols, CvType.CV_32FC3, new Scalar(r, g, b));
    }

    /** Random colours, 8-bit exact, covering the whole RGB cube. */
    static Mat random(int rows, int cols, long seed) {
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

    /** Applies a per-pixel colour function (on [0,1] RGB triples), in Java: these images are tiny. */
    static Mat map(Mat rgb, java.util.function.UnaryOperator<float[]> f) {
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
}
