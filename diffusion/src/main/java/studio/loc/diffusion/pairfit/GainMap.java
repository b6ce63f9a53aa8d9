package studio.loc.diffusion.pairfit;

import java.util.Arrays;
import org.opencv.core.Core;
import org.opencv.core.CvType;
import org.opencv.core.Mat;
import org.opencv.core.Scalar;
import org.opencv.imgproc.Imgproc;
import studio.loc.diffusion.colour.BandedCholesky;
import studio.loc.diffusion.image.MatScope;
import studio.loc.diffusion.image.OpenCv;

/**
 * A smooth map of per-channel gains over the frame, multiplying the picture: a vignette, a graduated filter, a
 * spotlight, a tinted corner. No colour table or filter can express these, because they depend on where a pixel is,
 * not on its colour or its neighbours.
 *
 * <p>The map is a {@code grid × grid} array of gains per channel, enlarged bilinearly to the picture (OpenCV's
 * {@code INTER_LINEAR}: the nodes sit at the centres of a {@code grid × grid} tiling of the frame). Positions are
 * relative to the frame, so a map fitted on one photo darkens the corners of any other, whatever its size.
 */
public final class GainMap {

    /**
     * Nodes per side of fitted maps. On the validation quads' local edits 17 scored 31.74 dB as the app applies
     * changes, 9 scored 30.37: a vignette's rim is sharper than 9 nodes can follow.
     */
    public static final int GRID = 17;
    /**
     * Penalty on the difference of neighbouring nodes, per pixel a node covers: keeps nodes that few pixels see in
     * line with their neighbours. Chosen on the synthetic validation quads, with {@link #PULL}.
     */
    static final double SMOOTHNESS = 1e-3;
    /** Pull of every node towards gain 1 (no change), per pixel a node covers. */
    static final double PULL = 1e-5;
    /** Blocks per side of the checkerboard that {@link #fit(Mat, Mat, int)} may fit on one colour of. */
    public static final int CHECKER_BLOCKS = 8;
    private static final int MAX_GRID = 64;
    /** No fitted gain comes near this (a vignette's corners are near 0, a glow's a few units). */
    private static final float GAIN_LIMIT = 1024;

    private final int grid;
    /** Gains at (y · grid + x) · 3 + channel. */
    private final float[] gains;

    private GainMap(int grid, float[] gains) {
        this.grid = grid;
        this.gains = gains;
    }

    /** The map that changes nothing. */
    public static GainMap identity() {
        float[] gains = new float[2 * 2 * 3];
        Arrays.fill(gains, 1);
        return new GainMap(2, gains);
    }

    /**
     * A map from its nodes, as a file holds them.
     *
     * @throws IllegalArgumentException when the grid or a gain is out of range or not finite
     */
    public static GainMap of(int grid, float[] gains) {
        if (grid < 2 || grid > MAX_GRID) {
            throw new IllegalArgumentException("a gain map has 2 to " + MAX_GRID + " nodes per side, got " + grid);
        }
        if (gains.length != grid * grid * 3) {
            throw new IllegalArgumentException("a " + grid + " × " + grid + " gain map has " + grid * grid * 3
                    + " gains, got " + gains.length);
        }
        for (int i = 0; i < gains.length; i++) {
            if (!(Math.abs(gains[i]) <= GAIN_LIMIT)) {
                throw new IllegalArgumentException("gain " + i + " is " + gains[i]);
            }
        }
        return new GainMap(grid, gains.clone());
    }

    /** The map that best turns {@code src} into {@code dst} (same-size RGB CV_32FC3) in the least-squares sense. */
    public static GainMap fit(Mat src, Mat dst) {
        return fit(src, dst, -1);
    }

    /**
     * As {@link #fit(Mat, Mat)}, on the pixels of one colour of a {@link #CHECKER_BLOCKS}-block checkerboard only
     * ({@code checker} 0 or 1; −1 for every pixel), so that the other colour can score it: a map fitted on the top
     * half of a picture knows nothing of the bottom half, but one fitted on every other block has seen all of the
     * frame.
     */
    static GainMap fit(Mat src, Mat dst, int checker) {
        OpenCv.ensureLoaded();
        if (src.rows() != dst.rows() || src.cols() != dst.cols()) {
            throw new IllegalArgumentException("fit needs two images of the same size");
        }
        int h = src.rows();
        int w = src.cols();
        float[] s = new float[h * w * 3];
        float[] d = new float[h * w * 3];
        src.get(0, 0, s);
        dst.get(0, 0, d);
        int nodes = GRID * GRID;
        int band = GRID + 1;
        double[][] normal = new double[3][nodes * nodes];
        double[][] right = new double[3][nodes];
        Axis ys = Axis.of(h, GRID);
        Axis xs = Axis.of(w, GRID);
        int counted = 0;
        int[] node = new int[4];
        double[] weight = new double[4];
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) {
                if (checker >= 0 && checkerColour(x, y, w, h) != checker) {
                    continue;
                }
                counted++;
                corners(ys, y, xs, x, node, weight);
                int at = (y * w + x) * 3;
                for (int c = 0; c < 3; c++) {
                    double p = s[at + c];
                    double t = d[at + c];
                    double[] n = normal[c];
                    for (int i = 0; i < 4; i++) {
                        double wp = weight[i] * p;
                        right[c][node[i]] += wp * t;
                        for (int j = 0; j < 4; j++) {
                            n[node[i] * nodes + node[j]] += wp * weight[j] * p;
                        }
                    }
                }
            }
        }
        double perNode = Math.max(1.0, (double) counted / nodes);
        float[] gains = new float[nodes * 3];
        for (int c = 0; c < 3; c++) {
            regularise(normal[c], right[c], perNode);
            BandedCholesky.solveInPlace(normal[c], right[c], nodes, 1, band);
            for (int k = 0; k < nodes; k++) {
                gains[k * 3 + c] = (float) right[c][k];
            }
        }
        return new GainMap(GRID, gains);
    }

    /** The colour, 0 or 1, of pixel (x, y) on a {@link #CHECKER_BLOCKS}-block checkerboard over a w × h frame. */
    static int checkerColour(int x, int y, int width, int height) {
        return (x * CHECKER_BLOCKS / width + y * CHECKER_BLOCKS / height) & 1;
    }

    /** Adds the pull towards 1 and the smoothness between neighbouring nodes to one channel's equations. */
    private static void regularise(double[] normal, double[] right, double perNode) {
        int nodes = GRID * GRID;
        double pull = PULL * perNode;
        double smooth = SMOOTHNESS * perNode;
        for (int y = 0; y < GRID; y++) {
            for (int x = 0; x < GRID; x++) {
                int i = y * GRID + x;
                normal[i * nodes + i] += pull;
                right[i] += pull;
                if (x + 1 < GRID) {
                    couple(normal, nodes, i, i + 1, smooth);
                }
                if (y + 1 < GRID) {
                    couple(normal, nodes, i, i + GRID, smooth);
                }
            }
        }
    }

    /** The term {@code weight · (g_i − g_j)²}. */
    private static void couple(double[] normal, int nodes, int i, int j, double weight) {
        normal[i * nodes + i] += weight;
        normal[j * nodes + j] += weight;
        normal[i * nodes + j] -= weight;
        normal[j * nodes + i] -= weight;
    }

    /** Where pixel coordinates fall between nodes along one side, as OpenCV's bilinear enlargement places them. */
    private record Axis(int[] lower, double[] fraction) {

        static Axis of(int pixels, int grid) {
            int[] lower = new int[pixels];
            double[] fraction = new double[pixels];
            for (int p = 0; p < pixels; p++) {
                double u = (p + 0.5) * grid / pixels - 0.5;
                u = Math.max(0, Math.min(grid - 1, u));
                int k = Math.min(grid - 2, (int) Math.floor(u));
                lower[p] = k;
                fraction[p] = u - k;
            }
            return new Axis(lower, fraction);
        }
    }

    private static void corners(Axis ys, int y, Axis xs, int x, int[] node, double[] weight) {
        int y0 = ys.lower()[y];
        int x0 = xs.lower()[x];
        double ty = ys.fraction()[y];
        double tx = xs.fraction()[x];
        node[0] = y0 * GRID + x0;
        node[1] = node[0] + 1;
        node[2] = node[0] + GRID;
        node[3] = node[2] + 1;
        weight[0] = (1 - ty) * (1 - tx);
        weight[1] = (1 - ty) * tx;
        weight[2] = ty * (1 - tx);
        weight[3] = ty * tx;
    }

    /** Multiplies an RGB CV_32FC3 picture of any size by the map; returns a new Mat, clamped to [0, 1]. */
    public Mat apply(Mat rgb) {
        return apply(rgb, 0, rgb.rows());
    }

    /**
     * Multiplies rows {@code top} to {@code top + band.rows()} of a frame {@code fullHeight} rows high (and as
     * wide as the band) by the map, as {@link #apply(Mat)} multiplies the whole frame: a band's result is the
     * same rows of the whole frame's to the last bit, because both interpolate every pixel's gain from its
     * position in the frame with the same arithmetic (the bilinear enlargement {@link #fit} models, as OpenCV's
     * {@code INTER_LINEAR} places the nodes). Returns a new Mat, clamped to [0, 1].
     */
    public Mat apply(Mat band, int top, int fullHeight) {
        if (band.type() != CvType.CV_32FC3) {
            throw new IllegalArgumentException("a gain map applies to CV_32FC3, got " + CvType.typeToString(band.type()));
        }
        if (top < 0 || top + band.rows() > fullHeight) {
            throw new IllegalArgumentException("rows " + top + " to " + (top + band.rows()) + " are not inside a "
                    + fullHeight + "-row frame");
        }
        OpenCv.ensureLoaded();
        int width = band.cols();
        Axis ys = Axis.of(fullHeight, grid);
        Axis xs = Axis.of(width, grid);
        // Every node row enlarged across the frame once; each picture row is then a mix of two of them.
        float[][] across = new float[grid][width * 3];
        for (int k = 0; k < grid; k++) {
            for (int x = 0; x < width; x++) {
                int x0 = xs.lower()[x];
                double tx = xs.fraction()[x];
                for (int c = 0; c < 3; c++) {
                    across[k][x * 3 + c] = (float) ((1 - tx) * gains[(k * grid + x0) * 3 + c]
                            + tx * gains[(k * grid + x0 + 1) * 3 + c]);
                }
            }
        }
        Mat out = new Mat(band.rows(), width, CvType.CV_32FC3);
        float[] row = new float[width * 3];
        for (int y = 0; y < band.rows(); y++) {
            int frameRow = top + y;
            float[] upper = across[ys.lower()[frameRow]];
            float[] lower = across[ys.lower()[frameRow] + 1];
            float ty = (float) ys.fraction()[frameRow];
            band.get(y, 0, row);
            for (int i = 0; i < row.length; i++) {
                float gain = (1 - ty) * upper[i] + ty * lower[i];
                float v = row[i] * gain;
                row[i] = v < 0 ? 0 : (v > 1 ? 1 : v);
            }
            out.put(y, 0, row);
        }
        return out;
    }

    /** The map moved a fraction {@code amount} of the way from no change to this one (2: twice the change). */
    public GainMap towards(double amount) {
        if (!Double.isFinite(amount)) {
            throw new IllegalArgumentException("amount must be finite, got " + amount);
        }
        float[] moved = new float[gains.length];
        for (int i = 0; i < moved.length; i++) {
            moved[i] = (float) (1 + amount * (gains[i] - 1));
        }
        return new GainMap(grid, moved);
    }

    /** True when the map changes nothing (so it need not run). */
    public boolean isIdentity() {
        for (float g : gains) {
            if (g != 1f) {
                return false;
            }
        }
        return true;
    }

    public int grid() {
        return grid;
    }

    /** The gains, node by node and channel by channel within a node (a copy). */
    public float[] gains() {
        return gains.clone();
    }

    @Override
    public String toString() {
        return "GainMap[" + grid + " × " + grid + "]";
    }
}
