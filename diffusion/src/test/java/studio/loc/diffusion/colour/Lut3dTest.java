package studio.loc.diffusion.colour;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.opencv.core.Mat;
import org.opencv.core.Rect;

class Lut3dTest {

    private static final double LAMBDA = 4e-6;

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
        Mat src = ColourImages.map(ColourImages.random(64, 64, 9),
                p -> new float[] {p[0] * 0.2f, p[0] * 0.2f, p[0] * 0.2f});
        Mat dst = ColourImages.map(src, p -> new float[] {p[0] * 0.9f, p[1] * 0.9f, p[2] * 0.9f});
        Lut3d lut = Lut3d.fit(src, dst, 9, LAMBDA);
        float[] far = lut.node(8, 0, 8); // magenta corner
        assertEquals(1.0, far[0], 0.15);
        assertEquals(0.0, far[1], 0.15);
        assertEquals(1.0, far[2], 0.15);
    }

    @Test
    void identityTableLeavesImagesUnchanged() {
        Mat a = ColourImages.random(16, 16, 10);
        Mat out = Lut3d.identity(9).apply(a);
        assertEquals(0, ColourImages.maxDifference(out, a), 1e-6);
    }

    @Test
    void refusesMismatchedInputsAndSillySizes() {
        Mat a = ColourImages.random(8, 8, 11);
        Mat b = ColourImages.random(8, 9, 12);
        assertThrows(IllegalArgumentException.class, () -> Lut3d.fit(a, b, 9, LAMBDA));
        assertThrows(IllegalArgumentException.class, () -> Lut3d.fit(a, a, 1, LAMBDA));
        assertThrows(IllegalArgumentException.class, () -> Lut3d.fit(a, a, 9, -1));
    }

    @Test
    void aLinearTableIsReproducedExactlyOnAPictureLargerThanOneBandAndOnAView() {
        float[] inverted = Lut3d.identity(5).nodes();
        for (int i = 0; i < inverted.length; i++) {
            inverted[i] = 1 - inverted[i];
        }
        Lut3d negative = Lut3d.of(5, inverted);
        Mat big = ColourImages.random(700, 500, 21); // 350,000 pixels: two bands
        Mat view = big.submat(new Rect(3, 5, 400, 600)); // rows not contiguous in memory
        for (Mat picture : new Mat[] {big, view}) {
            Mat expected = ColourImages.map(picture, p -> new float[] {1 - p[0], 1 - p[1], 1 - p[2]});
            assertEquals(0, ColourImages.maxDifference(negative.apply(picture), expected), 1e-5);
        }
    }

    @Test
    void towardsScalesTheChangeOfEveryColour() {
        Mat a = ColourImages.random(48, 48, 22);
        Mat warm = ColourImages.map(a, p -> new float[] {p[0] * 0.8f + 0.2f, p[1], p[2] * 0.6f});
        Lut3d lut = Lut3d.fit(a, warm, 9, 1e-6);
        Mat full = lut.apply(a);
        Mat half = lut.towards(0.5).apply(a);
        Mat halfway = new Mat();
        org.opencv.core.Core.addWeighted(a, 0.5, full, 0.5, 0, halfway);
        assertEquals(0, ColourImages.maxDifference(half, halfway), 1e-5);
        assertEquals(0, ColourImages.maxDifference(lut.towards(0).apply(a), a), 1e-6);
        assertEquals(0, ColourImages.maxDifference(lut.towards(1).apply(a), full), 1e-6);
    }

    @Test
    void nodesRoundTripAndDamagedTablesAreRefused() {
        Lut3d lut = Lut3d.fit(ColourImages.random(32, 32, 23), ColourImages.random(32, 32, 24), 9, 1e-3);
        Mat probe = ColourImages.random(16, 16, 25);
        assertEquals(0, ColourImages.maxDifference(Lut3d.of(9, lut.nodes()).apply(probe), lut.apply(probe)), 0);
        assertThrows(IllegalArgumentException.class, () -> Lut3d.of(9, new float[10]));
        assertThrows(IllegalArgumentException.class, () -> Lut3d.of(66, new float[66 * 66 * 66 * 3]));
        float[] nan = lut.nodes();
        nan[7] = Float.NaN;
        assertThrows(IllegalArgumentException.class, () -> Lut3d.of(9, nan));
    }

    private static void assertTransferred(java.util.function.UnaryOperator<float[]> edit, double minPsnr) {
        Mat a = ColourImages.random(96, 96, 7);
        Mat aEdit = ColourImages.map(a, edit);
        Mat b = smoothPhoto(8);
        Mat bEdit = ColourImages.map(b, edit);
        Mat predicted = Lut3d.fit(a, aEdit, 9, LAMBDA).apply(b);
        double psnr = ColourImages.psnr(predicted, bEdit);
        assertTrue(psnr > minPsnr, "PSNR " + psnr);
    }

    private static Mat smoothPhoto(long seed) {
        return ColourImages.smooth(80, 80, seed);
    }

    private static float pow(float v, double e) {
        return (float) Math.pow(v, e);
    }
}
