package studio.loc.diffusion.colour;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.Random;
import org.junit.jupiter.api.Test;

class BandedCholeskyTest {

    @Test
    void solvesABandedSystemExactly() {
        int n = 40;
        int band = 3;
        Random random = new Random(1);
        double[] a = new double[n * n];
        for (int i = 0; i < n; i++) {
            for (int j = Math.max(0, i - band); j < i; j++) {
                double v = random.nextDouble() - 0.5;
                a[i * n + j] = v;
                a[j * n + i] = v;
            }
            a[i * n + i] = 2 * band + 1; // diagonally dominant, hence positive definite
        }
        double[] x = new double[n * 2];
        for (int i = 0; i < x.length; i++) {
            x[i] = random.nextGaussian();
        }
        double[] b = new double[n * 2];
        for (int i = 0; i < n; i++) {
            for (int j = 0; j < n; j++) {
                for (int c = 0; c < 2; c++) {
                    b[i * 2 + c] += a[i * n + j] * x[j * 2 + c];
                }
            }
        }
        BandedCholesky.solveInPlace(a, b, n, 2, band);
        for (int i = 0; i < x.length; i++) {
            assertEquals(x[i], b[i], 1e-10);
        }
    }

    @Test
    void refusesAnIndefiniteMatrix() {
        double[] a = {1, 2, 2, 1};
        assertThrows(IllegalStateException.class, () -> BandedCholesky.solveInPlace(a, new double[2], 2, 1, 1));
    }
}
