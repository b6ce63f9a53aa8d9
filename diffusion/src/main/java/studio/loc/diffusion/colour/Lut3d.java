package studio.loc.diffusion.colour;

import java.util.Arrays;
import org.opencv.core.CvType;
import org.opencv.core.Mat;
import studio.loc.diffusion.image.MatScope;
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

    /**
     * Largest table: 65^3, the finest size grading tools write to .cube files (33^3 is the common one), so a look
     * imported from one is applied as it is, not resampled.
     */
    public static final int MAX_SIZE = 65;
    /** Largest table {@link #fit} solves for: it keeps a dense size^3 x size^3 normal matrix. */
    public static final int MAX_FIT_SIZE = 13;

    /** Pixels mapped per band in {@link #apply}. */
    private static final int APPLY_BAND_PIXELS = 1 << 18;

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
        checkFitSize(size);
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
        // Each pixel touches the 8 corners of one cell. Summing into a small 8x8 block per cell first and into the
        // dense normal matrix once per cell keeps the hot loop inside a few hundred kilobytes, not 4 MB.
        double[] cellAta = new double[nodes * 64];
        double[] cellAtb = new double[nodes * 24];
        boolean[] touched = new boolean[nodes];
        int[] idx = new int[8];
        double[] w = new double[8];
        for (int p = 0; p < pixels; p++) {
            weights(s[3 * p], s[3 * p + 1], s[3 * p + 2], size, idx, w);
            int cell = idx[0];
            touched[cell] = true;
            int block = cell * 64;
            int rhs = cell * 24;
            for (int i = 0; i < 8; i++) {
                double wi = w[i];
                if (wi == 0) {
                    continue;
                }
                for (int j = 0; j < 8; j++) {
                    cellAta[block + i * 8 + j] += wi * w[j];
                }
                for (int c = 0; c < 3; c++) {
                    cellAtb[rhs + i * 3 + c] += wi * d[3 * p + c];
                }
            }
        }
        double[] ata = new double[nodes * nodes];
        double[] atb = new double[nodes * 3];
        int[] corner = new int[8];
        for (int i = 0; i < 8; i++) {
            corner[i] = (i >> 2) * size * size + ((i >> 1) & 1) * size + (i & 1);
        }
        for (int cell = 0; cell < nodes; cell++) {
            if (!touched[cell]) {
                continue;
            }
            for (int i = 0; i < 8; i++) {
                int row = (cell + corner[i]) * nodes;
                for (int j = 0; j < 8; j++) {
                    ata[row + cell + corner[j]] += cellAta[cell * 64 + i * 8 + j];
                }
                for (int c = 0; c < 3; c++) {
                    atb[(cell + corner[i]) * 3 + c] += cellAtb[cell * 24 + i * 3 + c];
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

    /**
     * Applies the table to an RGB CV_32FC3 image; returns a new Mat (values clamped to [0, 1]). Works through the
     * image in bands of rows, so a 50-megapixel photo needs a few megabytes of Java heap, not a copy of itself.
     */
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
                    for (int p = 0; p < length; p += 3) {
                        map(v, p);
                    }
                    Mat target = band.add(out.rowRange(top, top + rows));
                    target.put(0, 0, length == v.length ? v : Arrays.copyOf(v, length));
                }
            }
            return scope.keep(out);
        }
    }

    /**
     * Applies the table to rows {@code [top, bottom)} of an integer BGR picture ({@code CV_8UC3} or
     * {@code CV_16UC3}, continuous), writing the same rows of {@code out} (same type and size): the same colours, to
     * the last bit, as converting the rows to floats, {@link #apply(Mat)} and rounding back as the writers do, but
     * in one pass over the integers, without a float copy of the picture. Rows may be given to several threads at
     * once (the method keeps no state).
     */
    public void applyPacked(Mat bgr, Mat out, int top, int bottom) {
        int depth = CvType.depth(bgr.type());
        if (bgr.channels() != 3 || (depth != CvType.CV_8U && depth != CvType.CV_16U) || out.type() != bgr.type()
                || out.rows() != bgr.rows() || out.cols() != bgr.cols() || !bgr.isContinuous()
                || !out.isContinuous()) {
            throw new IllegalArgumentException("applyPacked needs two continuous CV_8UC3 or CV_16UC3 Mats of one size");
        }
        PackedAxis axis = PackedAxis.of(depth == CvType.CV_8U ? 8 : 16, size);
        int width = bgr.cols();
        int rowsPerPass = Math.max(1, APPLY_BAND_PIXELS / Math.max(1, width));
        // 8-bit red has 256 values: the table's red step for each, done once, leaves a bilinear step per pixel.
        double[][] slices = depth == CvType.CV_8U ? redSlices(axis) : null;
        for (int from = top; from < bottom; from += rowsPerPass) {
            int rows = Math.min(rowsPerPass, bottom - from);
            int length = rows * width * 3;
            if (depth == CvType.CV_8U) {
                byte[] v = new byte[length];
                bgr.get(from, 0, v);
                for (int p = 0; p < length; p += 3) {
                    mapByte(axis, slices[v[p + 2] & 0xff], v[p + 1] & 0xff, v[p] & 0xff, v, p);
                }
                out.put(from, 0, v);
            } else {
                short[] v = new short[length];
                bgr.get(from, 0, v);
                for (int p = 0; p < length; p += 3) {
                    mapShort(axis, v[p + 2] & 0xffff, v[p + 1] & 0xffff, v[p] & 0xffff, v, p);
                }
                out.put(from, 0, v);
            }
        }
    }

    /** For every 8-bit red value, the table's nodes already interpolated along red: [red][(g · size + b) · 3 + c]. */
    private double[][] redSlices(PackedAxis axis) {
        int rs = size * size * 3;
        double[][] slices = new double[axis.lower.length][];
        for (int red = 0; red < slices.length; red++) {
            double[] slice = new double[rs];
            int base = axis.lower[red] * rs;
            double fr = axis.fraction[red];
            for (int i = 0; i < rs; i++) {
                slice[i] = slice(table[base + i], table[base + rs + i], fr);
            }
            slices[red] = slice;
        }
        return slices;
    }

    /** One 8-bit colour (red already sliced) through the table, rounded as OpenCV rounds floats to integers. */
    private void mapByte(PackedAxis axis, double[] slice, int green, int blue, byte[] v, int p) {
        int ig = axis.lower[green];
        int ib = axis.lower[blue];
        double fg = axis.fraction[green];
        double fb = axis.fraction[blue];
        int n = (ig * size + ib) * 3;
        int gs = size * 3;
        float scale = axis.maximum;
        for (int c = 0; c < 3; c++) {
            int at = n + c;
            double value = bilinear(slice[at], slice[at + 3], slice[at + gs], slice[at + gs + 3], fg, fb);
            v[p + 2 - c] = (byte) Math.rint(clamp01(value) * scale);
        }
    }

    /** One 16-bit colour through the table, with {@link #map}'s arithmetic, rounded as OpenCV rounds. */
    private void mapShort(PackedAxis axis, int red, int green, int blue, short[] v, int p) {
        int ir = axis.lower[red];
        int ig = axis.lower[green];
        int ib = axis.lower[blue];
        double fr = axis.fraction[red];
        double fg = axis.fraction[green];
        double fb = axis.fraction[blue];
        int n = ((ir * size + ig) * size + ib) * 3;
        int rs = size * size * 3;
        int gs = size * 3;
        float scale = axis.maximum;
        for (int c = 0; c < 3; c++) {
            int at = n + c;
            double value = bilinear(
                    slice(table[at], table[at + rs], fr), slice(table[at + 3], table[at + rs + 3], fr),
                    slice(table[at + gs], table[at + rs + gs], fr),
                    slice(table[at + gs + 3], table[at + rs + gs + 3], fr), fg, fb);
            v[p + 2 - c] = (short) Math.rint(clamp01(value) * scale);
        }
    }

    /**
     * Where every integer value falls between a table's nodes: the float OpenCV makes of it (asked of OpenCV
     * itself, so the two paths start from the same float), scaled to node units as {@link #weights} does.
     */
    private record PackedAxis(int[] lower, double[] fraction, float maximum) {

        static PackedAxis of(int bits, int size) {
            int count = 1 << bits;
            float[] unit = new float[count];
            try (MatScope scope = new MatScope()) {
                Mat integers = scope.add(new Mat(1, count, bits == 8 ? CvType.CV_8U : CvType.CV_16U));
                if (bits == 8) {
                    byte[] all = new byte[count];
                    for (int i = 0; i < count; i++) {
                        all[i] = (byte) i;
                    }
                    integers.put(0, 0, all);
                } else {
                    short[] all = new short[count];
                    for (int i = 0; i < count; i++) {
                        all[i] = (short) i;
                    }
                    integers.put(0, 0, all);
                }
                Mat floats = scope.newMat();
                integers.convertTo(floats, CvType.CV_32F, 1.0 / (count - 1));
                floats.get(0, 0, unit);
            }
            int[] lower = new int[count];
            double[] fraction = new double[count];
            for (int i = 0; i < count; i++) {
                double position = clampUnit(unit[i]) * (size - 1);
                lower[i] = Math.min((int) position, size - 2);
                fraction[i] = position - lower[i];
            }
            return new PackedAxis(lower, fraction, count - 1);
        }
    }

    /** Maps the colour at {@code v[p..p+2]} in place. */
    private void map(float[] v, int p) {
        double pr = clampUnit(v[p]) * (size - 1);
        double pg = clampUnit(v[p + 1]) * (size - 1);
        double pb = clampUnit(v[p + 2]) * (size - 1);
        int ir = Math.min((int) pr, size - 2);
        int ig = Math.min((int) pg, size - 2);
        int ib = Math.min((int) pb, size - 2);
        double fr = pr - ir;
        double fg = pg - ig;
        double fb = pb - ib;
        int n = ((ir * size + ig) * size + ib) * 3;
        int rs = size * size * 3;
        int gs = size * 3;
        for (int c = 0; c < 3; c++) {
            int at = n + c;
            v[p + c] = clamp01(bilinear(
                    slice(table[at], table[at + rs], fr), slice(table[at + 3], table[at + rs + 3], fr),
                    slice(table[at + gs], table[at + rs + gs], fr),
                    slice(table[at + gs + 3], table[at + rs + gs + 3], fr), fg, fb));
        }
    }

    /**
     * Trilinear interpolation as two steps, the same in every path (floats, 8-bit, 16-bit) so that all give the
     * same doubles: first along red between two nodes ({@code slice}), then bilinearly in green and blue.
     */
    private static double slice(float lower, float upper, double fr) {
        return (1 - fr) * lower + fr * upper;
    }

    private static double bilinear(double a00, double a01, double a10, double a11, double fg, double fb) {
        return (1 - fg) * ((1 - fb) * a00 + fb * a01) + fg * ((1 - fb) * a10 + fb * a11);
    }

    /**
     * The table moved a fraction {@code amount} of the way from the identity to this one: 0 is the identity, 1 this
     * table, 0.5 half the change, 2 twice it. Because trilinear interpolation is linear in the nodes and reproduces
     * the identity exactly, this is the same as scaling the change every colour undergoes (before clamping).
     */
    public Lut3d towards(double amount) {
        if (!Double.isFinite(amount)) {
            throw new IllegalArgumentException("amount must be finite, got " + amount);
        }
        float[] id = identity(size).table;
        float[] t = new float[table.length];
        for (int i = 0; i < t.length; i++) {
            t[i] = (float) (id[i] + amount * (table[i] - id[i]));
        }
        return new Lut3d(size, t);
    }

    /**
     * A table from its nodes, as {@link #nodes()} returns them (for reading one back from a file).
     *
     * @throws IllegalArgumentException when the size is out of range, the count does not match it, or a node is not
     *                                  a finite number
     */
    public static Lut3d of(int size, float[] nodes) {
        checkSize(size);
        if (nodes.length != size * size * size * 3) {
            throw new IllegalArgumentException("a " + size + "^3 table has " + size * size * size * 3
                    + " values, got " + nodes.length);
        }
        for (int i = 0; i < nodes.length; i++) {
            if (!Float.isFinite(nodes[i])) {
                throw new IllegalArgumentException("table value " + i + " is " + nodes[i]);
            }
        }
        return new Lut3d(size, nodes.clone());
    }

    /** True when every node holds its own colour (to within float rounding): the table changes nothing. */
    public boolean isIdentity() {
        float[] id = identity(size).table;
        for (int i = 0; i < table.length; i++) {
            if (Math.abs(table[i] - id[i]) > 1e-6f) {
                return false;
            }
        }
        return true;
    }

    /** Every node's output colour, node (r, g, b) at ((r * size + g) * size + b) * 3; a copy. */
    public float[] nodes() {
        return table.clone();
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
        float[] v = new float[(int) rgb.total() * 3];
        try (MatScope scope = new MatScope()) {
            scope.continuous(rgb).get(0, 0, v);
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
        if (size < 2 || size > MAX_SIZE) {
            throw new IllegalArgumentException("LUT size must be in [2, " + MAX_SIZE + "], got " + size);
        }
    }

    private static void checkFitSize(int size) {
        if (size < 2 || size > MAX_FIT_SIZE) {
            throw new IllegalArgumentException("a fitted LUT's size must be in [2, " + MAX_FIT_SIZE
                    + "] (the fit keeps a dense size^3 x size^3 matrix), got " + size);
        }
    }
}
