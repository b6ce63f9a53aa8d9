package studio.loc.hypernet.eval;

import org.opencv.core.CvType;
import org.opencv.core.Mat;
import studio.loc.diffusion.image.OpenCv;

/**
 * A 3D colour look-up table (size^3 RGB nodes, trilinear interpolation) fitted from one before/after pair.
 *
 * <p>Fitting solves a regularised least-squares problem per output channel: every pixel of the source adds its
 * eight trilinear weights to the normal equations, a second-difference penalty along each axis keeps the table
 * smooth (it is zero for the identity and for any linear colour map, so it does not bias those), and a pull towards
 * the identity makes colours that never occur in the source fall back to "unchanged". The data term is a mean over
 * pixels, so the weights do not depend on image size.
 */
public final class Lut3d {

    private final int size;
    /** [node][channel], node = (r * size + g) * size + b. */
    private final float[] table;

    private Lut3d(int size, float[] table) {
        this.size = size;
        this.table = table;
    }

    /** The identity table. */
    public static Lut3d identity(int size) {
        checkSize(size);
        float[] t = new float[size * size * size * 3];
        for (int r = 0; r < size; r++) {
            for (int g = 0; g < size; g++) {
                for (int b = 0; b < size; b++) {
                    int n = ((r * size + g) * size + b) * 3;
                    t[n] = r / (float) (size - 1);
                    t[n + 1] = g / (float) (size - 1);
                    t[n + 2] = b / (float) (size - 1);
                }
            }
        }
        return new Lut3d(size, t);
    }

    /**
     * Fits the table that best maps {@code src} to {@code dst} (same-size RGB CV_32FC3 in [0, 1]).
     *
     * @param size   nodes per axis (9 gives the classic 9^3 table)
     * @param lambda weight of both regularisers (smoothness and identity pull); larger values give a smoother,
     *               more conservative table
     */
    public static Lut3d fit(Mat src, Mat dst, int size, double lambda) {
        return fit(src, dst, size, lambda, lambda);
    }

    /**
     * Fits with separate weights for the two regularisers.
     *
     * @param smoothness   weight of the second-difference penalty (zero for linear maps)
     * @param identityPull weight of the pull of every node towards its identity colour
     */
    public static Lut3d fit(Mat src, Mat dst, int size, double smoothness, double identityPull) {
        checkSize(size);
        if (smoothness < 0 || identityPull < 0) {
            throw new IllegalArgumentException("regularisation weights must be >= 0, got " + smoothness + " and "
                    + identityPull);
        }
        if (src.type() != CvType.CV_32FC3 || dst.type() != CvType.CV_32FC3 || src.rows() != dst.rows()
                || src.cols() != dst.cols()) {
            throw new IllegalArgumentException("fit needs two CV_32FC3 images of the same size");
        }
        OpenCv.ensureLoaded();
        int nodes = size * size * size;
        float[] s = pixels(src);
        float[] d = pixels(dst);
        int pixels = s.length / 3;
        double[] ata = new double[nodes * nodes];
        double[] atb = new double[nodes * 3];
        int[] idx = new int[8];
        double[] w = new double[8];
        for (int p = 0; p < pixels; p++) {
            weights(s[3 * p], s[3 * p + 1], s[3 * p + 2], size, idx, w);
            for (int i = 0; i < 8; i++) {
                if (w[i] == 0) {
                    continue;
                }
                int row = idx[i] * nodes;
                for (int j = 0; j < 8; j++) {
                    ata[row + idx[j]] += w[i] * w[j];
                }
                for (int c = 0; c < 3; c++) {
                    atb[idx[i] * 3 + c] += w[i] * d[3 * p + c];
                }
            }
        }
        double scale = 1.0 / Math.max(1, pixels);
        for (int i = 0; i < ata.length; i++) {
            ata[i] *= scale;
        }
        for (int i = 0; i < atb.length; i++) {
            atb[i] *= scale;
        }
        addSecondDifferences(ata, size, smoothness);
        Lut3d id = identity(size);
        // A minimal pull even when asked for none: nodes no pixel touches would make the system singular.
        double pull = Math.max(identityPull, 1e-9);
        for (int n = 0; n < nodes; n++) {
            ata[n * nodes + n] += pull;
            for (int c = 0; c < 3; c++) {
                atb[n * 3 + c] += pull * id.table[n * 3 + c];
            }
        }
        // Nodes are coupled only to nodes at most two steps away along one axis (second differences) or one step
        // along each (trilinear cells), so the system is banded: a banded Cholesky is far cheaper than a dense one.
        int band = 2 * size * size;
        BandedCholesky.solveInPlace(ata, atb, nodes, 3, band);
        float[] t = new float[nodes * 3];
        for (int i = 0; i < t.length; i++) {
            t[i] = (float) atb[i];
        }
        return new Lut3d(size, t);
    }

    /** Applies the table to an RGB CV_32FC3 image; returns a new Mat (values clamped to [0, 1]). */
    public Mat apply(Mat rgb) {
        if (rgb.type() != CvType.CV_32FC3) {
            throw new IllegalArgumentException("apply needs CV_32FC3, got " + CvType.typeToString(rgb.type()));
        }
        OpenCv.ensureLoaded();
        float[] v = pixels(rgb);
        int[] idx = new int[8];
        double[] w = new double[8];
        for (int p = 0; p < v.length; p += 3) {
            weights(v[p], v[p + 1], v[p + 2], size, idx, w);
            double r = 0;
            double g = 0;
            double b = 0;
            for (int i = 0; i < 8; i++) {
                int n = idx[i] * 3;
                r += w[i] * table[n];
                g += w[i] * table[n + 1];
                b += w[i] * table[n + 2];
            }
            v[p] = clamp01(r);
            v[p + 1] = clamp01(g);
            v[p + 2] = clamp01(b);
        }
        Mat out = new Mat(rgb.rows(), rgb.cols(), CvType.CV_32FC3);
        out.put(0, 0, v);
        return out;
    }

    public int size() {
        return size;
    }

    /** Output colour stored at node (r, g, b), each index in [0, size). */
    public float[] node(int r, int g, int b) {
        int n = ((r * size + g) * size + b) * 3;
        return new float[] {table[n], table[n + 1], table[n + 2]};
    }

    /** Trilinear weights of colour (r, g, b) over its eight surrounding nodes. */
    private static void weights(float r, float g, float b, int size, int[] idx, double[] w) {
        int last = size - 2;
        double pr = clampUnit(r) * (size - 1);
        double pg = clampUnit(g) * (size - 1);
        double pb = clampUnit(b) * (size - 1);
        int ir = Math.min((int) pr, last);
        int ig = Math.min((int) pg, last);
        int ib = Math.min((int) pb, last);
        double fr = pr - ir;
        double fg = pg - ig;
        double fb = pb - ib;
        int k = 0;
        for (int dr = 0; dr < 2; dr++) {
            double wr = dr == 0 ? 1 - fr : fr;
            for (int dg = 0; dg < 2; dg++) {
                double wg = dg == 0 ? 1 - fg : fg;
                for (int db = 0; db < 2; db++) {
                    double wb = db == 0 ? 1 - fb : fb;
                    idx[k] = ((ir + dr) * size + (ig + dg)) * size + (ib + db);
                    w[k] = wr * wg * wb;
                    k++;
                }
            }
        }
    }

    /** Adds lambda * D^T D for the second difference x[i-1] - 2 x[i] + x[i+1] along every axis. */
    private static void addSecondDifferences(double[] ata, int size, double lambda) {
        if (lambda == 0) {
            return;
        }
        int nodes = size * size * size;
        int[] strides = {size * size, size, 1};
        for (int r = 0; r < size; r++) {
            for (int g = 0; g < size; g++) {
                for (int b = 0; b < size; b++) {
                    int[] pos = {r, g, b};
                    int centre = (r * size + g) * size + b;
                    for (int axis = 0; axis < 3; axis++) {
                        if (pos[axis] == 0 || pos[axis] == size - 1) {
                            continue;
                        }
                        int[] n = {centre - strides[axis], centre, centre + strides[axis]};
                        double[] coef = {1, -2, 1};
                        for (int i = 0; i < 3; i++) {
                            for (int j = 0; j < 3; j++) {
                                ata[n[i] * nodes + n[j]] += lambda * coef[i] * coef[j];
                            }
                        }
                    }
                }
            }
        }
    }

    private static float[] pixels(Mat rgb) {
        Mat continuous = rgb.isContinuous() ? rgb : rgb.clone();
        float[] v = new float[(int) continuous.total() * 3];
        continuous.get(0, 0, v);
        if (continuous != rgb) {
            continuous.release();
        }
        return v;
    }

    private static double clampUnit(float v) {
        return v < 0 ? 0 : (v > 1 ? 1 : v);
    }

    private static float clamp01(double v) {
        return (float) (v < 0 ? 0 : (v > 1 ? 1 : v));
    }

    private static void checkSize(int size) {
        if (size < 2 || size > 13) {
            throw new IllegalArgumentException("LUT size must be in [2, 13] (the fit keeps a dense size^3 x size^3 matrix), got " + size);
        }
    }
}
