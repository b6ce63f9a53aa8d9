package studio.loc.diffusion.pairfit;

import java.util.List;
import org.opencv.core.Core;
import org.opencv.core.CvType;
import org.opencv.core.Mat;
import org.opencv.core.Point;
import org.opencv.core.Rect;
import org.opencv.core.Scalar;
import org.opencv.imgproc.Imgproc;
import studio.loc.diffusion.colour.BandedCholesky;
import studio.loc.diffusion.image.MatScope;
import studio.loc.diffusion.image.OpenCv;

/**
 * A free 3 × 3 filter on the photo's own pixels, the same for every channel, plus a constant: what an emboss, an
 * edge or relief filter, a one-pixel shift or a custom convolution does. Unlike {@link GaussianMixFilter}, whose
 * blurs are symmetric and whose radii scale with the photo, its weights may point in a direction (light from the
 * top left) and stay at one pixel, as those tools' kernels do at any photo size.
 *
 * <p>One kernel for all channels, as those tools apply theirs: ten unknowns fitted on every channel's pixels, rather
 * than thirty that could also turn a colour edit into a per-channel filter. Colour is the table's and curves' job.
 */
public final class PixelKernel {

    /** Weights: the 3 × 3 taps row by row (top left first), then the constant. */
    static final int WEIGHTS = 10;
    /** Ridge weight per pixel, towards zero taps: keeps a flat example's equations well posed. */
    private static final double RIDGE = 1e-6;

    private final float[] weights;

    private PixelKernel(float[] weights) {
        this.weights = weights;
    }

    /** The kernel that changes nothing: the centre tap 1. */
    public static PixelKernel identity() {
        float[] w = new float[WEIGHTS];
        w[4] = 1;
        return new PixelKernel(w);
    }

    /**
     * A kernel from its weights, as {@link #weights()} returns them (for reading one back from a file).
     *
     * @throws IllegalArgumentException when there are not 10 weights or one is not a finite number
     */
    public static PixelKernel of(float[] weights) {
        if (weights.length != WEIGHTS) {
            throw new IllegalArgumentException("a pixel kernel has " + WEIGHTS + " weights, got " + weights.length);
        }
        for (int i = 0; i < weights.length; i++) {
            if (!Float.isFinite(weights[i])) {
                throw new IllegalArgumentException("kernel weight " + i + " is " + weights[i]);
            }
        }
        return new PixelKernel(weights.clone());
    }

    /** The kernel that best maps the windows' befores to their afters, on the interior pixels with all neighbours. */
    static PixelKernel fit(List<FitWindow> windows) {
        double[] normal = new double[WEIGHTS * WEIGHTS];
        double[] right = new double[WEIGHTS];
        long samples = 0;
        for (FitWindow window : windows) {
            samples += accumulate(window, normal, right);
        }
        if (samples == 0) {
            return identity();
        }
        for (int i = 0; i < WEIGHTS; i++) {
            normal[i * WEIGHTS + i] += RIDGE * samples;
        }
        BandedCholesky.solveInPlace(normal, right, WEIGHTS, 1, WEIGHTS - 1);
        float[] w = new float[WEIGHTS];
        for (int i = 0; i < WEIGHTS; i++) {
            w[i] = (float) right[i];
        }
        return new PixelKernel(w);
    }

    /** Adds one window's normal equations (every channel's pixels a sample); returns how many samples it had. */
    private static long accumulate(FitWindow window, double[] normal, double[] right) {
        Mat before = window.before();
        Rect in = window.interior();
        int x0 = Math.max(in.x, 1);
        int y0 = Math.max(in.y, 1);
        int x1 = Math.min(in.x + in.width, before.cols() - 1);
        int y1 = Math.min(in.y + in.height, before.rows() - 1);
        if (x1 <= x0 || y1 <= y0) {
            return 0;
        }
        int w = before.cols();
        float[] a = pixels(before);
        float[] b = pixels(window.after());
        double[] f = new double[WEIGHTS];
        f[WEIGHTS - 1] = 1;
        for (int y = y0; y < y1; y++) {
            for (int x = x0; x < x1; x++) {
                for (int c = 0; c < 3; c++) {
                    int t = 0;
                    for (int dy = -1; dy <= 1; dy++) {
                        for (int dx = -1; dx <= 1; dx++) {
                            f[t++] = a[((y + dy) * w + x + dx) * 3 + c];
                        }
                    }
                    double target = b[(y * w + x) * 3 + c];
                    for (int i = 0; i < WEIGHTS; i++) {
                        right[i] += f[i] * target;
                        for (int j = 0; j < WEIGHTS; j++) {
                            normal[i * WEIGHTS + j] += f[i] * f[j];
                        }
                    }
                }
            }
        }
        return 3L * (x1 - x0) * (y1 - y0);
    }

    /** Filters an RGB CV_32FC3 picture (edges mirrored); returns a new Mat, clamped to [0, 1]. */
    public Mat apply(Mat rgb) {
        OpenCv.ensureLoaded();
        try (MatScope scope = new MatScope()) {
            Mat kernel = scope.add(new Mat(3, 3, CvType.CV_32F));
            kernel.put(0, 0, java.util.Arrays.copyOf(weights, 9));
            Mat out = scope.newMat();
            // filter2D correlates, as the fit reads the taps: out(y, x) = Σ w(dy, dx) · in(y + dy, x + dx).
            Imgproc.filter2D(rgb, out, -1, kernel, new Point(-1, -1), weights[WEIGHTS - 1], Core.BORDER_REFLECT_101);
            Core.min(out, new Scalar(1, 1, 1), out);
            Core.max(out, new Scalar(0, 0, 0), out);
            return scope.keep(out);
        }
    }

    /** The kernel moved a fraction {@code amount} of the way from the identity to this one (linear in the taps). */
    public PixelKernel towards(double amount) {
        if (!Double.isFinite(amount)) {
            throw new IllegalArgumentException("amount must be finite, got " + amount);
        }
        float[] id = identity().weights;
        float[] t = new float[WEIGHTS];
        for (int i = 0; i < WEIGHTS; i++) {
            t[i] = (float) (id[i] + amount * (weights[i] - id[i]));
        }
        return new PixelKernel(t);
    }

    /** True when the kernel changes nothing (to within float rounding). */
    public boolean isIdentity() {
        float[] id = identity().weights;
        for (int i = 0; i < WEIGHTS; i++) {
            if (Math.abs(weights[i] - id[i]) > 1e-6f) {
                return false;
            }
        }
        return true;
    }

    /** The weights: the nine taps row by row, then the constant; a copy. */
    public float[] weights() {
        return weights.clone();
    }

    private static float[] pixels(Mat rgb) {
        try (MatScope scope = new MatScope()) {
            float[] v = new float[(int) rgb.total() * 3];
            scope.continuous(rgb).get(0, 0, v);
            return v;
        }
    }
}
