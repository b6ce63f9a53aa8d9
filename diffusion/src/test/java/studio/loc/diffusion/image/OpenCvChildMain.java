package studio.loc.diffusion.image;

import org.opencv.core.CvType;
import org.opencv.core.Mat;

/** A child process for {@link OpenCvLibraryCacheTest}: loads OpenCV, uses it, says so, and waits to be killed. */
public final class OpenCvChildMain {

    private OpenCvChildMain() {
    }

    public static void main(String[] args) throws InterruptedException {
        OpenCv.ensureLoaded();
        Mat mat = new Mat(2, 2, CvType.CV_8UC1);
        try {
            System.out.println("loaded " + mat.rows());
            System.out.flush();
        } finally {
            mat.release();
        }
        Thread.sleep(60_000);
    }
}
