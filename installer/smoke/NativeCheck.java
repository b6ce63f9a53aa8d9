import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import org.opencv.core.Core;
import org.opencv.core.CvType;
import org.opencv.core.Mat;
import org.opencv.core.Scalar;
import studio.loc.diffusion.image.OpenCv;

/**
 * Loads the native libraries the installed app uses (PyTorch through DJL, OpenCV) with the image's runtime and
 * JVM options, and does one small computation with each. Run by installer/smoke-test.sh: the app itself only
 * touches them when a model engine opens, which needs a model.
 */
public final class NativeCheck {

    public static void main(String[] args) {
        Engine engine = Engine.getEngine("PyTorch");
        try (NDManager manager = NDManager.newBaseManager()) {
            NDArray sum = manager.arange(10f).sum();
            if (sum.getFloat() != 45f) {
                throw new IllegalStateException("PyTorch computed " + sum.getFloat() + " for 0+1+...+9");
            }
        }
        System.out.println("PyTorch " + engine.getVersion() + " from "
                + ai.djl.pytorch.jni.LibUtils.getLibtorchPath());

        OpenCv.ensureLoaded();
        Mat mat = new Mat(4, 4, CvType.CV_32FC1, new Scalar(2));
        try {
            double total = Core.sumElems(mat).val[0];
            if (total != 32) {
                throw new IllegalStateException("OpenCV summed " + total + " instead of 32");
            }
        } finally {
            mat.release();
        }
        System.out.println("OpenCV " + Core.VERSION + " from "
                + System.getProperty(OpenCv.LIBRARY_PROPERTY, "(unpacked by openpnp)"));
    }
}
