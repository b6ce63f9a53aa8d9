package studio.loc.hypernet.eval;

import org.opencv.core.CvType;
import org.opencv.core.Mat;
import org.opencv.core.Scalar;
import studio.loc.diffusion.colour.ColourImages;
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
        return ColourImages.random(rows, cols, seed);
    }

    /** Applies a per-pixel colour function (on [0,1] RGB triples), in Java: these images are tiny. */
    static Mat map(Mat rgb, java.util.function.UnaryOperator<float[]> f) {
        return ColourImages.map(rgb, f);
    }
}
