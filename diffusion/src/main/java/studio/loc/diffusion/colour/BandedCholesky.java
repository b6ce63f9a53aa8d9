package studio.loc.diffusion.colour;

/** Solves symmetric positive-definite banded systems in place (row-major dense storage, work limited to the band). */
public final class BandedCholesky {

    private BandedCholesky() {
    }

    /**
     * Solves {@code A X = B} for X, overwriting {@code a} with its Cholesky factor and {@code b} with X.
     *
     * @param a    n x n, row-major, symmetric positive definite, zero outside |i - j| <= band
     * @param b    n x rhs, row-major
     * @param band half-bandwidth
     * @throws IllegalStateException if the matrix is not positive definite
     */
    public static void solveInPlace(double[] a, double[] b, int n, int rhs, int band) {
        // Lower factor L, stored in the lower triangle of a.
        for (int j = 0; j < n; j++) {
            int start = Math.max(0, j - band);
            double diag = a[j * n + j];
            for (int k = start; k < j; k++) {
                diag -= a[j * n + k] * a[j * n + k];
            }
            if (!(diag > 0)) {
                throw new IllegalStateException("matrix is not positive definite at row " + j);
            }
            double ljj = Math.sqrt(diag);
            a[j * n + j] = ljj;
            int end = Math.min(n - 1, j + band);
            for (int i = j + 1; i <= end; i++) {
                double v = a[i * n + j];
                for (int k = Math.max(start, i - band); k < j; k++) {
                    v -= a[i * n + k] * a[j * n + k];
                }
                a[i * n + j] = v / ljj;
            }
        }
        // Forward substitution L y = b, then back substitution L^T x = y.
        for (int i = 0; i < n; i++) {
            for (int c = 0; c < rhs; c++) {
                double v = b[i * rhs + c];
                for (int k = Math.max(0, i - band); k < i; k++) {
                    v -= a[i * n + k] * b[k * rhs + c];
                }
                b[i * rhs + c] = v / a[i * n + i];
            }
        }
        for (int i = n - 1; i >= 0; i--) {
            for (int c = 0; c < rhs; c++) {
                double v = b[i * rhs + c];
                int end = Math.min(n - 1, i + band);
                for (int k = i + 1; k <= end; k++) {
                    v -= a[k * n + i] * b[k * rhs + c];
                }
                b[i * rhs + c] = v / a[i * n + i];
            }
        }
    }
}
