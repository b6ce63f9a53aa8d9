package studio.loc.diffusion.testing;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Float32 results against a float64 reference computed by plain loops: what makes a result CPU-independent. */
public final class Float64Reference {

    /** The relative error allowed: float32 sums of up to ~10³ terms stay well below it. */
    public static final double TOLERANCE = 1e-5;

    private Float64Reference() {
    }

    /** Max error relative to the reference's largest magnitude must be within {@link #TOLERANCE}. */
    public static void assertClose(String what, double[] expected, float[] actual) {
        assertEquals(expected.length, actual.length, what + ": number of values");
        double scale = 1e-12;
        for (double e : expected) {
            scale = Math.max(scale, Math.abs(e));
        }
        double worst = 0;
        int at = 0;
        for (int i = 0; i < expected.length; i++) {
            double error = Math.abs(expected[i] - actual[i]) / scale;
            if (error > worst) {
                worst = error;
                at = i;
            }
        }
        assertTrue(worst <= TOLERANCE, what + " differs from the float64 reference by " + worst + " (relative to "
                + scale + ") at " + at + ": " + actual[at] + " vs " + expected[at]);
    }
}
