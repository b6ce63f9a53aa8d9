package studio.loc.diffusion.pairfit;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.opencv.core.Core;
import org.opencv.core.CvType;
import org.opencv.core.Mat;
import org.opencv.core.Scalar;
import org.opencv.core.Size;
import org.opencv.imgproc.Imgproc;
import studio.loc.diffusion.colour.BandedCholesky;
import studio.loc.diffusion.image.MatScope;
import studio.loc.diffusion.image.OpenCv;

/**
 * A linear, shift-invariant filter: per colour channel, a weighted sum of the picture, Gaussian blurs of it at
 * fixed radii, and a constant. Blurs, unsharp masks, glows and soft focus are all such sums (an unsharp mask is
 * (1 + a)·x − a·blur(x)), and least squares fits the weights on an example pair in milliseconds.
 *
 * <p>Radii are in pixels of a picture whose longer side is {@link #referenceSide()} (the example's, as fitted), and
 * scale with the picture it is applied to: an edit learned on a small example blurs a large photo as much, relative
 * to its size. Large radii are blurred at a reduced size and enlarged back, which costs the same at any radius.
 */
public final class GaussianMixFilter {

    /** The blur radii of the fitted filters, in reference pixels: fine detail up to a strong soft focus. */
    public static final double[] SIGMAS = {0.7, 1, 1.5, 2, 3, 4, 6, 8, 12};
    /** Radii above this (in the picture's pixels) are blurred at a reduced size. */
    private static final double DIRECT_SIGMA_LIMIT = 4;
    /** The radius, in reduced pixels, a large blur is computed with. */
    private static final double REDUCED_SIGMA = 2;
    /** Bounds what a file may say: no picture LoC Studio opens is larger. */
    private static final int MAX_SIDE = 1 << 16;
    /** Ridge weight per pixel: keeps the normal equations well posed when two blurs look alike on a flat picture. */
    private static final double RIDGE = 1e-6;

    private final int referenceSide;
    private final double[] sigmas;
    /** Per channel c, at c · (K + 2): the picture's weight, the K blurs' weights, the constant. */
    private final float[] weights;

    private GaussianMixFilter(int referenceSide, double[] sigmas, float[] weights) {
        this.referenceSide = referenceSide;
        this.sigmas = sigmas;
        this.weights = weights;
    }

    /** The filter that changes nothing. */
    public static GaussianMixFilter identity() {
        float[] w = new float[3 * (SIGMAS.length + 2)];
        for (int c = 0; c < 3; c++) {
            w[c * (SIGMAS.length + 2)] = 1;
        }
        return new GaussianMixFilter(1, SIGMAS.clone(), w);
    }

    /**
     * A filter from its parts, as a file holds them.
     *
     * @throws IllegalArgumentException when a part is out of range or not finite
     */
    public static GaussianMixFilter of(int referenceSide, double[] sigmas, float[] weights) {
        if (referenceSide < 1 || referenceSide > MAX_SIDE) {
            throw new IllegalArgumentException("the reference side must be 1 to " + MAX_SIDE + " pixels, got "
                    + referenceSide);
        }
        if (sigmas.length < 1 || sigmas.length > 64) {
            throw new IllegalArgumentException("a filter has 1 to 64 blur radii, got " + sigmas.length);
        }
        for (double s : sigmas) {
            if (!(s > 0 && s <= MAX_SIDE)) {
                throw new IllegalArgumentException("blur radius " + s + " is not in (0, " + MAX_SIDE + "]");
            }
        }
        if (weights.length != 3 * (sigmas.length + 2)) {
            throw new IllegalArgumentException("a filter with " + sigmas.length + " radii has "
                    + 3 * (sigmas.length + 2) + " weights, got " + weights.length);
        }
        for (int i = 0; i < weights.length; i++) {
            if (!Float.isFinite(weights[i])) {
                throw new IllegalArgumentException("filter weight " + i + " is " + weights[i]);
            }
        }
        return new GaussianMixFilter(referenceSide, sigmas.clone(), weights.clone());
    }

    /**
     * The filter that best maps {@code src} to {@code dst} (same-size RGB CV_32FC3) in the least-squares sense, at
     * {@code src}'s size.
     */
    public static GaussianMixFilter fit(Mat src, Mat dst) {
        if (src.rows() != dst.rows() || src.cols() != dst.cols()) {
            throw new IllegalArgumentException("fit needs two images of the same size");
        }
        try (Features features = Features.ofWhole(src, dst)) {
            return fit(List.of(features), Math.max(src.rows(), src.cols()));
        }
    }

    /** How far, in pixels, the fitted filters reach: a window's margin this wide shows them all they read. */
    static int reach() {
        return (int) Math.ceil(3 * SIGMAS[SIGMAS.length - 1]);
    }

    /**
     * A window's interior as the fitted filters read it: the picture and its blurs at {@link #SIGMAS}, computed on
     * the whole window (so the margin supplies the neighbours) and cut to the interior; and the interior of the
     * after picture, the target. Fitting and applying filters on a window both read these, so its blurs are computed
     * once however many filters are fitted and scored on it. The features own their Mats; closing releases them.
     */
    static final class Features implements AutoCloseable {

        private final List<Mat> inputs;
        private final Mat target;

        private Features(List<Mat> inputs, Mat target) {
            this.inputs = inputs;
            this.target = target;
        }

        static Features of(FitWindow window) {
            OpenCv.ensureLoaded();
            try (MatScope scope = new MatScope()) {
                List<Mat> inputs = new ArrayList<>();
                inputs.add(scope.add(interiorCopy(window, window.before())));
                for (double sigma : SIGMAS) {
                    // One blur's temporaries at a time: a whole half's blurs together would be many pictures.
                    try (MatScope pass = new MatScope()) {
                        // A direct blur reads 4 sigma around a pixel (OpenCV's kernel for floats): blurring only
                        // that much of the margin gives the same interior, at a fraction of the cost for the small
                        // radii.
                        FitWindow around = sigma <= DIRECT_SIGMA_LIMIT
                                ? window.shrunkMargin((int) Math.ceil(4 * sigma), pass) : window;
                        Mat blurred = pass.add(blur(around.before(), sigma));
                        inputs.add(scope.add(interiorCopy(around, blurred)));
                    }
                }
                Mat target = scope.add(interiorCopy(window, window.after()));
                inputs.forEach(scope::keep);
                return new Features(inputs, scope.keep(target));
            }
        }

        /** The features of the whole of a pair, every pixel counting. */
        static Features ofWhole(Mat before, Mat after) {
            try (FitWindow whole = FitWindow.whole(before, after)) {
                return of(whole);
            }
        }

        private static Mat interiorCopy(FitWindow window, Mat image) {
            try (MatScope scope = new MatScope()) {
                return scope.add(window.inner(image)).clone();
            }
        }

        /** The interior of the before picture (unfiltered). */
        Mat before() {
            return inputs.get(0);
        }

        /** The interior of the after picture. */
        Mat target() {
            return target;
        }

        @Override
        public void close() {
            try (MatScope mats = new MatScope()) {
                mats.addAll(inputs);
                mats.add(target);
            }
        }
    }

    /**
     * The filter that best maps the windows' befores to their afters on their interiors, its radii in pixels of the
     * pictures the windows were cut from at their full size, whose longer side is {@code referenceSide}.
     */
    static GaussianMixFilter fit(List<Features> windows, int referenceSide) {
        OpenCv.ensureLoaded();
        int k = SIGMAS.length + 2;
        // The normal equations of all three channels at once: sums of products of whole feature images, per
        // channel (OpenCV sums in double), instead of a pixels x k design matrix per channel.
        double[][] normal = new double[3][k * k];
        double[][] right = new double[3][k];
        long pixels = 0;
        for (Features window : windows) {
            accumulate(window, normal, right);
            pixels += window.target().total();
        }
        float[] w = new float[3 * k];
        for (int c = 0; c < 3; c++) {
            for (int i = 0; i < k; i++) {
                normal[c][i * k + i] += RIDGE * pixels;
            }
            BandedCholesky.solveInPlace(normal[c], right[c], k, 1, k - 1);
            for (int i = 0; i < k; i++) {
                w[c * k + i] = (float) right[c][i];
            }
        }
        return new GaussianMixFilter(referenceSide, SIGMAS.clone(), w);
    }

    /** Adds one window's interior to the normal equations. */
    private static void accumulate(Features window, double[][] normal, double[][] right) {
        int k = SIGMAS.length + 2;
        try (MatScope scope = new MatScope()) {
            List<Mat> features = new ArrayList<>(window.inputs);
            features.add(scope.add(new Mat(window.target.size(), CvType.CV_32FC3, new Scalar(1, 1, 1))));
            Mat product = scope.newMat();
            for (int i = 0; i < k; i++) {
                for (int j = i; j < k; j++) {
                    Core.multiply(features.get(i), features.get(j), product);
                    Scalar sum = Core.sumElems(product);
                    for (int c = 0; c < 3; c++) {
                        normal[c][i * k + j] += sum.val[c];
                        if (j != i) {
                            normal[c][j * k + i] += sum.val[c];
                        }
                    }
                }
                Core.multiply(features.get(i), window.target, product);
                Scalar sum = Core.sumElems(product);
                for (int c = 0; c < 3; c++) {
                    right[c][i] += sum.val[c];
                }
            }
        }
    }

    /**
     * This filter's output on a window's interior, as if the whole picture had been filtered (the window's margin
     * supplied the neighbours), for a filter fitted on such windows (its radii in the window's pixels); a new Mat.
     */
    Mat applyTo(Features window) {
        if (!Arrays.equals(sigmas, SIGMAS)) {
            throw new IllegalStateException("a window's blurs are at the fitted radii, this filter has others");
        }
        int k = sigmas.length + 2;
        try (MatScope scope = new MatScope()) {
            Mat out = scope.add(new Mat(window.target.size(), CvType.CV_32FC3, channelScalar(k - 1)));
            Mat term = scope.newMat();
            for (int i = 0; i < k - 1; i++) {
                Core.multiply(window.inputs.get(i), channelScalar(i), term);
                Core.add(out, term, out);
            }
            Core.min(out, new Scalar(1, 1, 1), out);
            Core.max(out, new Scalar(0, 0, 0), out);
            return scope.keep(out);
        }
    }

    /** Filters an RGB CV_32FC3 picture; returns a new Mat, clamped to [0, 1]. */
    public Mat apply(Mat rgb) {
        return apply(rgb, (double) Math.max(rgb.rows(), rgb.cols()) / referenceSide);
    }

    /** Filters with every radius multiplied by {@code scale}. */
    private Mat apply(Mat rgb, double scale) {
        OpenCv.ensureLoaded();
        int k = sigmas.length + 2;
        try (MatScope scope = new MatScope()) {
            Mat out = scope.add(new Mat(rgb.size(), CvType.CV_32FC3, channelScalar(k - 1)));
            Mat term = scope.newMat();
            Core.multiply(rgb, channelScalar(0), term);
            Core.add(out, term, out);
            for (int i = 0; i < sigmas.length; i++) {
                if (weights[i + 1] == 0 && weights[k + i + 1] == 0 && weights[2 * k + i + 1] == 0) {
                    continue;
                }
                // One blurred picture at a time: they are full size.
                try (MatScope pass = new MatScope()) {
                    Core.multiply(pass.add(blur(rgb, sigmas[i] * scale)), channelScalar(i + 1), term);
                }
                Core.add(out, term, out);
            }
            Core.min(out, new Scalar(1, 1, 1), out);
            Core.max(out, new Scalar(0, 0, 0), out);
            return scope.keep(out);
        }
    }

    /** Weight {@code index} of each channel's row, as a per-channel scalar. */
    private Scalar channelScalar(int index) {
        int k = sigmas.length + 2;
        return new Scalar(weights[index], weights[k + index], weights[2 * k + index]);
    }

    /** A Gaussian blur of radius {@code sigma} pixels; a large one at a reduced size, enlarged back. */
    static Mat blur(Mat rgb, double sigma) {
        try (MatScope scope = new MatScope()) {
            Mat out = scope.newMat();
            if (sigma <= DIRECT_SIGMA_LIMIT) {
                Imgproc.GaussianBlur(rgb, out, new Size(0, 0), sigma, sigma, Core.BORDER_REFLECT_101);
                return scope.keep(out);
            }
            double factor = sigma / REDUCED_SIGMA;
            Size reduced = new Size(Math.max(1, Math.round(rgb.cols() / factor)),
                    Math.max(1, Math.round(rgb.rows() / factor)));
            Mat small = scope.newMat();
            Imgproc.resize(rgb, small, reduced, 0, 0, Imgproc.INTER_AREA);
            // Area averaging is itself a box blur of about 1/sqrt(12) reduced pixels; take it off the Gaussian's
            // radius.
            double remaining = Math.sqrt(REDUCED_SIGMA * REDUCED_SIGMA - 1.0 / 12);
            Imgproc.GaussianBlur(small, small, new Size(0, 0), remaining, remaining, Core.BORDER_REFLECT_101);
            Imgproc.resize(small, out, rgb.size(), 0, 0, Imgproc.INTER_LINEAR);
            return scope.keep(out);
        }
    }

    /**
     * The filter moved a fraction {@code amount} of the way from the identity to this one (0 the identity, 1 this
     * filter, 2 twice its change): the filter is linear, so this scales what it does to every picture.
     */
    public GaussianMixFilter towards(double amount) {
        if (!Double.isFinite(amount)) {
            throw new IllegalArgumentException("amount must be finite, got " + amount);
        }
        int k = sigmas.length + 2;
        float[] w = new float[weights.length];
        for (int i = 0; i < w.length; i++) {
            boolean picture = i % k == 0;
            w[i] = (float) (picture ? 1 + amount * (weights[i] - 1) : amount * weights[i]);
        }
        return new GaussianMixFilter(referenceSide, sigmas, w);
    }

    /** True when the filter changes nothing (so it need not run). */
    public boolean isIdentity() {
        int k = sigmas.length + 2;
        for (int i = 0; i < weights.length; i++) {
            if (weights[i] != (i % k == 0 ? 1f : 0f)) {
                return false;
            }
        }
        return true;
    }

    public int referenceSide() {
        return referenceSide;
    }

    /** The blur radii in reference pixels (a copy). */
    public double[] sigmas() {
        return sigmas.clone();
    }

    /** All weights, channel by channel (a copy). */
    public float[] weights() {
        return weights.clone();
    }

    @Override
    public String toString() {
        return "GaussianMixFilter[side " + referenceSide + ", sigmas " + Arrays.toString(sigmas) + "]";
    }
}
