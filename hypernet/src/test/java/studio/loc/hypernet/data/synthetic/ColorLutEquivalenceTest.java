package studio.loc.hypernet.data.synthetic;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Random;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.opencv.core.CvType;
import org.opencv.core.Mat;
import studio.loc.diffusion.colour.Lut3d;
import studio.loc.diffusion.image.OpenCv;

/**
 * The colour-LUT families apply their tables with the product's {@link Lut3d}. The generator used to have its own
 * table class (trilinear interpolation in float); the devset and the trained models were made with it, so the
 * generated pairs must not move. This keeps that interpolation as the reference and shows the two agree to float
 * rounding on every kind of input: inside the cube, exactly on nodes and faces, and outside [0, 1].
 */
class ColorLutEquivalenceTest {

    /** Two float ulps at 1.0 (1.2e-7 each): the two differ only in float against double rounding (measured 6e-8). */
    private static final double TOLERANCE = 2.4e-7;

    @BeforeAll
    static void loadOpenCv() {
        OpenCv.ensureLoaded();
    }

    @Test
    void tablesSampledFromColourFunctionsApplyAsTheGeneratorsOwnTableDid() {
        ColorLutFamilies.ColorFunction mixing = (r, g, b, out) -> {
            out[0] = 0.8 * r + 0.3 * g - 0.1 + 0.05 * Math.sin(7 * b);
            out[1] = g * g + 0.2 * b;
            out[2] = 1.2 - b - 0.4 * r; // leaves [0, 1] at the corners: the sampling clamps it
        };
        Random random = new Random(7);
        ColorLutFamilies.ColorFunction noisy = (r, g, b, out) -> {
            for (int c = 0; c < 3; c++) {
                out[c] = random.nextDouble() * 1.4 - 0.2;
            }
        };
        Mat photo = TestImages.gradientWithShapes(48, 64);
        Mat probes = probes(17);
        try {
            for (ColorLutFamilies.ColorFunction f : new ColorLutFamilies.ColorFunction[] {mixing, noisy}) {
                Lut3d table = ColorLutFamilies.sampled(17, f);
                for (Mat image : new Mat[] {photo, probes}) {
                    assertAgree(table, image);
                }
            }
        } finally {
            photo.release();
            probes.release();
        }
    }

    private static void assertAgree(Lut3d table, Mat image) {
        Mat actual = table.apply(image);
        float[] got = new float[(int) actual.total() * 3];
        actual.get(0, 0, got);
        actual.release();
        float[] expected = reference(table, image);
        double worst = 0;
        for (int i = 0; i < got.length; i++) {
            worst = Math.max(worst, Math.abs(got[i] - expected[i]));
        }
        assertTrue(worst <= TOLERANCE, "largest difference " + worst);
    }

    /** Colours on nodes (k/16), on faces, between nodes and outside the cube, one per pixel. */
    private static Mat probes(int n) {
        Random random = new Random(11);
        int count = 4096;
        float[] values = new float[count * 3];
        for (int i = 0; i < values.length; i++) {
            values[i] = switch (i % 4) {
                case 0 -> random.nextInt(n) / (float) (n - 1);
                case 1 -> random.nextBoolean() ? 0f : 1f;
                case 2 -> random.nextFloat();
                default -> random.nextFloat() * 1.6f - 0.3f;
            };
        }
        Mat mat = new Mat(64, 64, CvType.CV_32FC3);
        mat.put(0, 0, values);
        return mat;
    }

    /** The generator's former table lookup: clamp, then trilinear interpolation in float per channel. */
    private static float[] reference(Lut3d table, Mat rgb) {
        int n = table.size();
        float[] grid = table.nodes();
        float[] data = new float[(int) rgb.total() * 3];
        rgb.get(0, 0, data);
        int last = n - 1;
        for (int i = 0; i < data.length; i += 3) {
            float pr = clamp(data[i]) * last;
            float pg = clamp(data[i + 1]) * last;
            float pb = clamp(data[i + 2]) * last;
            int r0 = Math.min(last - 1, (int) pr);
            int g0 = Math.min(last - 1, (int) pg);
            int b0 = Math.min(last - 1, (int) pb);
            float fr = pr - r0;
            float fg = pg - g0;
            float fb = pb - b0;
            for (int c = 0; c < 3; c++) {
                float c00 = lerp(at(grid, n, r0, g0, b0, c), at(grid, n, r0 + 1, g0, b0, c), fr);
                float c10 = lerp(at(grid, n, r0, g0 + 1, b0, c), at(grid, n, r0 + 1, g0 + 1, b0, c), fr);
                float c01 = lerp(at(grid, n, r0, g0, b0 + 1, c), at(grid, n, r0 + 1, g0, b0 + 1, c), fr);
                float c11 = lerp(at(grid, n, r0, g0 + 1, b0 + 1, c), at(grid, n, r0 + 1, g0 + 1, b0 + 1, c), fr);
                data[i + c] = lerp(lerp(c00, c10, fg), lerp(c01, c11, fg), fb);
            }
        }
        return data;
    }

    private static float at(float[] grid, int n, int r, int g, int b, int channel) {
        return grid[((r * n + g) * n + b) * 3 + channel];
    }

    private static float lerp(float a, float b, float t) {
        return a + t * (b - a);
    }

    private static float clamp(float v) {
        return Math.min(1f, Math.max(0f, v));
    }
}
