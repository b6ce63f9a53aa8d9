package studio.loc.diffusion.pairfit;

import java.util.Arrays;
import org.opencv.core.CvType;
import org.opencv.core.Mat;
import studio.loc.diffusion.image.MatScope;
import studio.loc.diffusion.image.OpenCv;

/**
 * A tone curve per channel with one node for each of the 256 levels of an 8-bit value, linear between nodes: what a
 * curves tool, a posterize or a threshold does to each channel on its own. A 9^3 colour table cannot hold a step
 * from one level to the next (its nodes are 32 levels apart, so it ramps where the edit jumps); these curves can.
 *
 * <p>Fitted by least squares on a pair's pixels: each node is the mean output of the inputs at its level, pulled a
 * little towards its neighbours ({@link #NEIGHBOUR_PULL}, relative to the mean count of a level) so that levels the
 * example shows rarely follow their neighbours and levels it never shows are linear between the nearest ones it
 * does. Beyond the darkest and the brightest level it shows, a curve keeps the offset it has there (it continues
 * parallel to the identity): the example says nothing about those colours, and the offset is its least assumption.
 */
public final class ChannelCurves {

    /** Nodes per channel: one per 8-bit level. */
    public static final int LEVELS = 256;
    /**
     * The pull of each node towards its neighbours, as a fraction of a level's mean pixel count. Small enough to
     * keep a posterize's one-level steps (a level seen as often as the mean moves by about 1 % of its step), large
     * enough to settle levels seen a handful of times.
     */
    static final double NEIGHBOUR_PULL = 0.01;
    /** A level seen fewer times than this is not counted as seen when finding the range the example covers. */
    private static final int MIN_SEEN = 2;
    private static final int APPLY_BAND_PIXELS = 1 << 18;

    /** Node i of channel c at [c * LEVELS + i]: the output for input i / 255. */
    private final float[] nodes;

    private ChannelCurves(float[] nodes) {
        this.nodes = nodes;
    }

    /** The curves that change nothing. */
    public static ChannelCurves identity() {
        float[] n = new float[3 * LEVELS];
        for (int c = 0; c < 3; c++) {
            for (int i = 0; i < LEVELS; i++) {
                n[c * LEVELS + i] = i / (float) (LEVELS - 1);
            }
        }
        return new ChannelCurves(n);
    }

    /**
     * Curves from their nodes, as {@link #nodes()} returns them (for reading them back from a file).
     *
     * @throws IllegalArgumentException when there are not 3 × 256 nodes or one is not a finite number
     */
    public static ChannelCurves of(float[] nodes) {
        if (nodes.length != 3 * LEVELS) {
            throw new IllegalArgumentException("channel curves have " + 3 * LEVELS + " values, got " + nodes.length);
        }
        for (int i = 0; i < nodes.length; i++) {
            if (!Float.isFinite(nodes[i])) {
                throw new IllegalArgumentException("curve value " + i + " is " + nodes[i]);
            }
        }
        return new ChannelCurves(nodes.clone());
    }

    /** The curves that best map {@code src}'s pixels to {@code dst}'s (RGB CV_32FC3, same size, [0, 1]). */
    public static ChannelCurves fit(Mat src, Mat dst) {
        if (src.type() != CvType.CV_32FC3 || dst.type() != CvType.CV_32FC3 || src.total() != dst.total()) {
            throw new IllegalArgumentException("fit needs two CV_32FC3 pictures of the same size");
        }
        float[] a = pixels(src);
        float[] b = pixels(dst);
        float[] n = new float[3 * LEVELS];
        for (int c = 0; c < 3; c++) {
            double[] count = new double[LEVELS];
            double[] sum = new double[LEVELS];
            for (int p = c; p < a.length; p += 3) {
                // Each pixel counts for the two nodes it lies between, as linear interpolation reads them.
                double x = clampUnit(a[p]) * (LEVELS - 1);
                int lo = Math.min(LEVELS - 2, (int) x);
                double t = x - lo;
                count[lo] += 1 - t;
                sum[lo] += (1 - t) * b[p];
                count[lo + 1] += t;
                sum[lo + 1] += t * b[p];
            }
            System.arraycopy(solve(count, sum), 0, n, c * LEVELS, LEVELS);
        }
        return new ChannelCurves(n);
    }

    /**
     * The nodes minimising Σ count_i (node_i − mean_i)² + λ Σ (node_{i+1} − node_i)², then continued parallel to
     * the identity beyond the range the counts cover (a tridiagonal system, solved directly).
     */
    private static float[] solve(double[] count, double[] sum) {
        double total = Arrays.stream(count).sum();
        double[] out = new double[LEVELS];
        int first = firstSeen(count);
        if (total <= 0 || first < 0) {
            for (int i = 0; i < LEVELS; i++) {
                out[i] = i / (double) (LEVELS - 1);
            }
            return toFloats(out);
        }
        int last = lastSeen(count);
        double lambda = NEIGHBOUR_PULL * total / LEVELS;
        double[] lower = new double[LEVELS];
        double[] diag = new double[LEVELS];
        double[] upper = new double[LEVELS];
        double[] rhs = new double[LEVELS];
        for (int i = 0; i < LEVELS; i++) {
            diag[i] = count[i] + (i > 0 ? lambda : 0) + (i < LEVELS - 1 ? lambda : 0);
            lower[i] = i > 0 ? -lambda : 0;
            upper[i] = i < LEVELS - 1 ? -lambda : 0;
            rhs[i] = sum[i];
        }
        thomas(lower, diag, upper, rhs, out);
        for (int i = 0; i < first; i++) {
            out[i] = out[first] + (i - first) / (double) (LEVELS - 1);
        }
        for (int i = last + 1; i < LEVELS; i++) {
            out[i] = out[last] + (i - last) / (double) (LEVELS - 1);
        }
        return toFloats(out);
    }

    private static int firstSeen(double[] count) {
        for (int i = 0; i < LEVELS; i++) {
            if (count[i] >= MIN_SEEN) {
                return i;
            }
        }
        return -1;
    }

    private static int lastSeen(double[] count) {
        for (int i = LEVELS - 1; i >= 0; i--) {
            if (count[i] >= MIN_SEEN) {
                return i;
            }
        }
        return -1;
    }

    /** Solves a tridiagonal system in place of {@code out} (the Thomas algorithm; the system is diagonally dominant). */
    private static void thomas(double[] lower, double[] diag, double[] upper, double[] rhs, double[] out) {
        int n = diag.length;
        double[] c = new double[n];
        double[] d = new double[n];
        c[0] = upper[0] / diag[0];
        d[0] = rhs[0] / diag[0];
        for (int i = 1; i < n; i++) {
            double m = diag[i] - lower[i] * c[i - 1];
            c[i] = upper[i] / m;
            d[i] = (rhs[i] - lower[i] * d[i - 1]) / m;
        }
        out[n - 1] = d[n - 1];
        for (int i = n - 2; i >= 0; i--) {
            out[i] = d[i] - c[i] * out[i + 1];
        }
    }

    /** Applies the curves to an RGB CV_32FC3 picture; returns a new Mat, values clamped to [0, 1], in bands of rows. */
    public Mat apply(Mat rgb) {
        if (rgb.type() != CvType.CV_32FC3) {
            throw new IllegalArgumentException("apply needs CV_32FC3, got " + CvType.typeToString(rgb.type()));
        }
        OpenCv.ensureLoaded();
        try (MatScope scope = new MatScope()) {
            Mat out = scope.add(new Mat(rgb.rows(), rgb.cols(), CvType.CV_32FC3));
            int bandRows = Math.max(1, APPLY_BAND_PIXELS / Math.max(1, rgb.cols()));
            float[] v = new float[Math.min(rgb.rows(), bandRows) * rgb.cols() * 3];
            for (int top = 0; top < rgb.rows(); top += bandRows) {
                int rows = Math.min(bandRows, rgb.rows() - top);
                int length = rows * rgb.cols() * 3;
                try (MatScope band = new MatScope()) {
                    band.continuous(band.add(rgb.rowRange(top, top + rows))).get(0, 0, v);
                    for (int p = 0; p < length; p++) {
                        v[p] = map(p % 3, v[p]);
                    }
                    band.add(out.rowRange(top, top + rows)).put(0, 0,
                            length == v.length ? v : Arrays.copyOf(v, length));
                }
            }
            return scope.keep(out);
        }
    }

    /** Channel {@code c}'s curve at {@code value}, clamped to [0, 1]. */
    float map(int c, float value) {
        double x = clampUnit(value) * (LEVELS - 1);
        int lo = Math.min(LEVELS - 2, (int) x);
        double t = x - lo;
        int base = c * LEVELS + lo;
        double y = nodes[base] + t * (nodes[base + 1] - nodes[base]);
        return (float) Math.min(1, Math.max(0, y));
    }

    /** The curves moved a fraction {@code amount} of the way from the identity to these: 0 none, 1 these, 2 twice. */
    public ChannelCurves towards(double amount) {
        if (!Double.isFinite(amount)) {
            throw new IllegalArgumentException("amount must be finite, got " + amount);
        }
        float[] id = identity().nodes;
        float[] t = new float[nodes.length];
        for (int i = 0; i < t.length; i++) {
            t[i] = (float) (id[i] + amount * (nodes[i] - id[i]));
        }
        return new ChannelCurves(t);
    }

    /** True when every node holds its own level (to within float rounding): the curves change nothing. */
    public boolean isIdentity() {
        float[] id = identity().nodes;
        for (int i = 0; i < nodes.length; i++) {
            if (Math.abs(nodes[i] - id[i]) > 1e-6f) {
                return false;
            }
        }
        return true;
    }

    /** The nodes, channel by channel (red's 256, then green's, then blue's); a copy. */
    public float[] nodes() {
        return nodes.clone();
    }

    private static float[] pixels(Mat rgb) {
        try (MatScope scope = new MatScope()) {
            float[] v = new float[(int) rgb.total() * 3];
            scope.continuous(rgb).get(0, 0, v);
            return v;
        }
    }

    private static double clampUnit(float v) {
        return v < 0 ? 0 : v > 1 ? 1 : v;
    }

    private static float[] toFloats(double[] values) {
        float[] out = new float[values.length];
        for (int i = 0; i < values.length; i++) {
            out[i] = (float) values[i];
        }
        return out;
    }
}
