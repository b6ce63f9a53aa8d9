package studio.loc.hypernet.eval;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.opencv.core.Core;
import org.opencv.core.Mat;
import org.opencv.core.Size;
import org.opencv.imgproc.Imgproc;

class Lut3dTest {

    private static final double LAMBDA = LutBaselinePredictor.DEFAULT_LAMBDA;

    @Test
    void fittedChannelSwapCarriesOverToAnotherImage() {
        assertTransferred(p -> new float[] {p[1], p[2], p[0]}, 35);
    }

    @Test
    void fittedGammaCurveCarriesOverToAnotherImage() {
        assertTransferred(p -> new float[] {pow(p[0], 0.6), pow(p[1], 0.8), pow(p[2], 1.4)}, 35);
    }

    @Test
    void colourThatNeverOccursFallsBackTowardsIdentity() {
        // Only dark greys in the example: bright saturated colours are never seen.
        Mat src = TestImages.map(TestImages.random(64, 64, 9), p -> new float[] {p[0] * 0.2f, p[0] * 0.2f, p[0] * 0.2f});
        Mat dst = TestImages.map(src, p -> new float[] {p[0] * 0.9f, p[1] * 0.9f, p[2] * 0.9f});
        Lut3d lut = Lut3d.fit(src, dst, 9, LAMBDA);
        float[] far = lut.node(8, 0, 8); // magenta corner
        assertEquals(1.0, far[0], 0.15);
        assertEquals(0.0, far[1], 0.15);
        assertEquals(1.0, far[2], 0.15);
    }

    @Test
    void identityTableLeavesImagesUnchanged() {
        Mat a = TestImages.random(16, 16, 10);
        Mat out = Lut3d.identity(9).apply(a);
        assertEquals(ImageMetrics.PSNR_CAP_DB, ImageMetrics.psnr(out, a));
    }

    @Test
    void refusesMismatchedInputsAndSillySizes() {
        Mat a = TestImages.random(8, 8, 11);
        Mat b = TestImages.random(8, 9, 12);
        assertThrows(IllegalArgumentException.class, () -> Lut3d.fit(a, b, 9, LAMBDA));
        assertThrows(IllegalArgumentException.class, () -> Lut3d.fit(a, a, 1, LAMBDA));
        assertThrows(IllegalArgumentException.class, () -> Lut3d.fit(a, a, 9, -1));
    }

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

    private static void assertTransferred(java.util.function.UnaryOperator<float[]> edit, double minPsnr) {
        Mat a = TestImages.random(96, 96, 7);
        Mat aEdit = TestImages.map(a, edit);
        Mat b = smoothPhoto(8);
        Mat bEdit = TestImages.map(b, edit);
        Mat predicted = Lut3d.fit(a, aEdit, 9, LAMBDA).apply(b);
        double psnr = ImageMetrics.psnr(predicted, bEdit);
        assertTrue(psnr > minPsnr, "PSNR " + psnr);
    }

    /** A different kind of image from the random example: smooth colour blobs. */
    private static Mat smoothPhoto(long seed) {
        Mat noise = TestImages.random(80, 80, seed);
        Mat smooth = new Mat();
        Imgproc.GaussianBlur(noise, smooth, new Size(0, 0), 3);
        Core.normalize(smooth, smooth, 0, 1, Core.NORM_MINMAX);
        return smooth;
    }

    private static float pow(float v, double e) {
        return (float) Math.pow(v, e);
    }
}
