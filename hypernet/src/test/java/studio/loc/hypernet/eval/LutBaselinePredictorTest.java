package studio.loc.hypernet.eval;

import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.opencv.core.Core;
import org.opencv.core.Mat;
import org.opencv.core.Size;
import org.opencv.imgproc.Imgproc;

class LutBaselinePredictorTest {

    @Test
    void baselinePredictorAppliesTheExampleEditToTheQuery() throws Exception {
        Mat a = TestImages.random(64, 64, 13);
        Mat aEdit = TestImages.map(a, p -> new float[] {p[0] * 0.8f + 0.1f, p[1], p[2] * 0.5f});
        Mat b = smoothPhoto(14);
        Mat bEdit = TestImages.map(b, p -> new float[] {p[0] * 0.8f + 0.1f, p[1], p[2] * 0.5f});
        Mat predicted = new LutBaselinePredictor().predict(a, aEdit, b);
        assertTrue(ImageMetrics.psnr(predicted, bEdit) > 40);
        assertTrue(ImageMetrics.psnr(new IdentityPredictor().predict(a, aEdit, b), bEdit) < 30);
    }

    /** A different kind of image from the random example: smooth colour blobs. */
    private static Mat smoothPhoto(long seed) {
        Mat noise = TestImages.random(80, 80, seed);
        Mat smooth = new Mat();
        Imgproc.GaussianBlur(noise, smooth, new Size(0, 0), 3);
        Core.normalize(smooth, smooth, 0, 1, Core.NORM_MINMAX);
        return smooth;
    }
}
