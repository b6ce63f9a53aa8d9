package studio.loc.diffusion.pairfit;

import java.util.Arrays;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.Executor;
import java.util.concurrent.ForkJoinPool;
import org.opencv.core.Core;
import org.opencv.core.CvType;
import org.opencv.core.Mat;
import org.opencv.core.Scalar;
import org.opencv.core.Size;
import studio.loc.diffusion.colour.Lut3d;
import studio.loc.diffusion.image.OpenCv;
import studio.loc.diffusion.image.Pictures;

/**
 * Fits the part of a change that a filter, a colour table or a gain map explain ({@link FittedChange}) on its
 * before/after pair, and decides how much of the edit it explains.
 *
 * <p>Three explanations compete: a colour table alone, a filter alone, and a filter followed by a table. Each is
 * scored held out: fitted on the top half of the pair, it predicts the bottom half, and the other way round; the error
 * left is compared with the error of no change at all. An explanation that fits the edit leaves almost nothing (ratio
 * near 0) even though the halves show different things; one that does not leaves most of it (near or above 1),
 * because it cannot predict pixels it was not fitted on. Scored on the pixels it was fitted on, any of them would
 * look good on anything. The table wins unless a filter explanation leaves clearly less ({@link #FILTER_MARGIN}) and
 * little in all ({@link #FILTER_MAX_RATIO}): a table does not depend on the picture's size, a filter's radii have to
 * be scaled to it.
 *
 * <p>A fourth, a gain map over the frame (a vignette), is tried only when none of them explains the change wholly. It
 * depends on where pixels are, so it is scored on a checkerboard split instead (see {@link #checkeredRatios}), against
 * the table scored the same way, and taken on the same terms as a filter.
 *
 * <p>The constants were chosen on synthetic validation quads made from the training photos
 * ({@code SyntheticDevsetWriter}), never on the evaluation set: table smoothness 1e-5 and identity pull 1e-6 scored
 * 2 dB above the evaluation baseline's 4e-6 / 4e-6 there, and the share ramp from all at ratio 0.1 to none at 0.8 was
 * the best of a coarse grid.
 */
public final class PairFitter {

    /** Nodes per axis of the colour table: the classic 9^3 table. */
    public static final int TABLE_SIZE = 9;
    static final double SMOOTHNESS = 1e-5;
    static final double IDENTITY_PULL = 1e-6;
    /** Held-out error ratio at or below which the fitted part supplies the whole output. */
    static final double WHOLLY_EXPLAINED = 0.1;
    /** Held-out error ratio at or above which it supplies none of it. */
    static final double NOT_EXPLAINED = 0.8;
    /** A filter explanation is taken over the table alone when it leaves less than this fraction of its error. */
    static final double FILTER_MARGIN = 0.8;
    /**
     * ... and only when it leaves at most this much of the change. Filters explain real blurs and sharpening almost
     * exactly (ratios below 0.1 on the validation quads); a filter that explains only part of a change is mostly a
     * blur standing in for something it cannot do (a shifted or cropped "after", a cartoon), and would soften the
     * photo.
     */
    static final double FILTER_MAX_RATIO = 0.3;
    /** Longer side the pair is fitted at: plenty of pixels for 729 table nodes, and fast. */
    public static final int FIT_SIDE = 256;
    /** Longer side the choice between the explanations is made at. */
    static final int DECISION_SIDE = 128;
    /**
     * Nodes per axis of the tables the choice is made with: solving for 7^3 nodes costs a sixth of 9^3, and which
     * explanation wins does not hinge on the table's finest detail.
     */
    static final int DECISION_TABLE_SIZE = 7;
    /** Mean squared difference (per channel, [0, 1] values) under which before and after count as the same. */
    private static final double NO_CHANGE = 1e-8;

    /** Runs one of two independent fits while the calling thread does the other. */
    private final Executor executor;

    /** A fitter that runs its independent fits two at a time (on the common pool and the calling thread). */
    public PairFitter() {
        this(true);
    }

    /**
     * @param parallel false to run every fit on the calling thread, for a caller that keeps the other core busy
     *                 meanwhile (learning runs the hypernetwork's pass beside the fit): more threads than cores
     *                 only contend (back-to-back runs here: 89–99 ms to learn a change this way, 111–122 ms with
     *                 parallel fits)
     */
    public PairFitter(boolean parallel) {
        this.executor = parallel ? ForkJoinPool.commonPool() : Runnable::run;
    }

    /** What explains the edit. */
    enum Kind { TABLE, FILTER, FILTER_THEN_TABLE, GAIN }

    /** An explanation fitted on one pair. */
    record Fit(GaussianMixFilter filter, Lut3d table, GainMap gain) {

        Fit(GaussianMixFilter filter, Lut3d table) {
            this(filter, table, GainMap.identity());
        }

        static Fit of(Kind kind, Mat src, Mat dst) {
            if (kind == Kind.GAIN) {
                return new Fit(GaussianMixFilter.identity(), Lut3d.identity(2), GainMap.fit(src, dst));
            }
            GaussianMixFilter filter = kind == Kind.TABLE ? GaussianMixFilter.identity()
                    : GaussianMixFilter.fit(src, dst);
            if (kind == Kind.FILTER) {
                return new Fit(filter, Lut3d.identity(2));
            }
            Mat filtered = filter.isIdentity() ? src : filter.apply(src);
            try {
                return new Fit(filter, Lut3d.fit(filtered, dst, TABLE_SIZE, SMOOTHNESS, IDENTITY_PULL));
            } finally {
                if (filtered != src) {
                    filtered.release();
                }
            }
        }

        Mat apply(Mat rgb) {
            return new FittedBlend(filter, table, gain, 1).apply(rgb);
        }
    }

    /** A kind and its held-out error ratio. */
    record Scored(Kind kind, double ratio) {
    }

    /**
     * Fits the part of the change from {@code before} to {@code after} (RGB CV_32FC3, [0, 1]) that a filter and a
     * table explain. When the two differ in size, {@code after} is stretched to {@code before}'s, as the
     * hypernetwork sees them; if that does not align them, nothing predicts the held-out half and the share comes
     * out as none.
     *
     * @return empty when nothing fitted explains the change (share 0)
     */
    public Optional<FittedChange> fit(Mat before, Mat after) {
        OpenCv.ensureLoaded();
        Mat a = Pictures.resampleLinear(before, fitSize(before, FIT_SIDE));
        Mat b = Pictures.resampleLinear(after, a.size());
        try {
            Scored best = decide(a, b);
            double share = share(best.ratio());
            if (share <= 0) {
                return Optional.empty();
            }
            CompletableFuture<Fit> reverseFit = CompletableFuture.supplyAsync(() -> Fit.of(best.kind(), b, a),
                    executor);
            Fit forward = Fit.of(best.kind(), a, b);
            Fit reverse = join(reverseFit);
            return Optional.of(new FittedChange(forward.filter(), forward.table(), reverse.filter(), reverse.table(),
                    share, forward.gain(), reverse.gain()));
        } finally {
            a.release();
            b.release();
        }
    }

    /**
     * Which explanation, decided on a copy at {@link #DECISION_SIDE}: a quarter of the pixels is plenty to tell a
     * grade from a blur, and the decision fits six times where the result fits twice.
     */
    private Scored decide(Mat before, Mat after) {
        Size size = fitSize(before, DECISION_SIDE);
        Mat a = Pictures.resampleLinear(before, size);
        Mat b = Pictures.resampleLinear(after, size);
        try {
            return best(a, b);
        } finally {
            a.release();
            b.release();
        }
    }

    /**
     * The explanation to use: the table, unless a filter one leaves clearly less held-out error; and when neither
     * explains the change wholly, the gain map if it leaves clearly less than both.
     */
    Scored best(Mat before, Mat after) {
        double[] ratios = heldOutRatios(before, after);
        Scored best = new Scored(Kind.TABLE, ratios[Kind.TABLE.ordinal()]);
        double tableRatio = best.ratio();
        for (Kind kind : new Kind[] {Kind.FILTER, Kind.FILTER_THEN_TABLE}) {
            double ratio = ratios[kind.ordinal()];
            if (ratio <= FILTER_MAX_RATIO && ratio < FILTER_MARGIN * tableRatio && ratio < best.ratio()) {
                best = new Scored(kind, ratio);
            }
        }
        boolean tooSmallToCheck = Math.min(before.rows(), before.cols()) < 2 * GainMap.CHECKER_BLOCKS;
        if (best.ratio() <= WHOLLY_EXPLAINED || tooSmallToCheck) {
            return best;
        }
        // Only now, so that a grade or a blur costs no more to learn than before gain maps. (A filter's ratio on
        // halves is compared as it is: the checkerboard's would only be lower.)
        double[] checkered = checkeredRatios(before, after);
        double gainRatio = checkered[1];
        if (gainRatio <= FILTER_MAX_RATIO && gainRatio < FILTER_MARGIN * Math.min(checkered[0], best.ratio())) {
            return new Scored(Kind.GAIN, gainRatio);
        }
        return best;
    }

    /**
     * The held-out error ratios of the table and of the gain map (in that order) under a checkerboard split: each
     * fitted on the pixels of one colour of {@link GainMap#CHECKER_BLOCKS}-block squares and scored on the other's,
     * both ways. A gain map depends on where a pixel is, so fitted on the top half it could not predict the bottom
     * one; on alternate squares it has seen the whole frame. Neighbouring squares show similar things, so these
     * ratios are lower than the halves' for any explanation, and the table's is computed the same way to compare.
     */
    double[] checkeredRatios(Mat before, Mat after) {
        double unchanged = meanSquared(before, after);
        // Each colour's pixels are fitted on once and scored on once: gather both once.
        Mat[][] colours = {checkerPixels(before, after, 0), checkerPixels(before, after, 1)};
        double[] errors = new double[2];
        try {
            for (int checker = 0; checker < 2; checker++) {
                Mat[] fitOn = colours[checker];
                Mat[] scoreOn = colours[1 - checker];
                Lut3d table = Lut3d.fit(fitOn[0], fitOn[1], DECISION_TABLE_SIZE, SMOOTHNESS, IDENTITY_PULL);
                errors[0] += predictionError(new Fit(GaussianMixFilter.identity(), table), scoreOn[0], scoreOn[1]);
                errors[1] += checkerError(GainMap.fit(before, after, checker), before, after, 1 - checker);
            }
        } finally {
            for (Mat[] pair : colours) {
                for (Mat m : pair) {
                    m.release();
                }
            }
        }
        return new double[] {errors[0] / 2 / unchanged, errors[1] / 2 / unchanged};
    }

    /** The pixels of one checkerboard colour of {@code before} and {@code after}, gathered into 1-row Mats. */
    private static Mat[] checkerPixels(Mat before, Mat after, int checker) {
        int h = before.rows();
        int w = before.cols();
        float[][] images = {new float[h * w * 3], new float[h * w * 3]};
        before.get(0, 0, images[0]);
        after.get(0, 0, images[1]);
        float[][] picked = {new float[h * w * 3], new float[h * w * 3]};
        int count = 0;
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) {
                if (GainMap.checkerColour(x, y, w, h) == checker) {
                    for (int k = 0; k < 2; k++) {
                        System.arraycopy(images[k], (y * w + x) * 3, picked[k], count * 3, 3);
                    }
                    count++;
                }
            }
        }
        Mat[] out = new Mat[2];
        for (int k = 0; k < 2; k++) {
            out[k] = new Mat(1, Math.max(1, count), CvType.CV_32FC3);
            out[k].put(0, 0, Arrays.copyOf(picked[k], Math.max(1, count) * 3));
        }
        return out;
    }

    /** Mean squared error of {@code gain} on the pixels of one checkerboard colour. */
    private static double checkerError(GainMap gain, Mat before, Mat after, int checker) {
        Mat predicted = gain.apply(before);
        Mat[] pixels = checkerPixels(predicted, after, checker);
        predicted.release();
        try {
            return meanSquared(pixels[0], pixels[1]);
        } finally {
            pixels[0].release();
            pixels[1].release();
        }
    }

    /** All of the output up to {@link #WHOLLY_EXPLAINED}, none from {@link #NOT_EXPLAINED}, linear between. */
    static double share(double heldOutRatio) {
        if (heldOutRatio <= WHOLLY_EXPLAINED) {
            return 1;
        }
        if (heldOutRatio >= NOT_EXPLAINED) {
            return 0;
        }
        return (NOT_EXPLAINED - heldOutRatio) / (NOT_EXPLAINED - WHOLLY_EXPLAINED);
    }

    /**
     * Per {@link Kind} (by ordinal), the error of the explanation fitted on one half and predicting the other, over
     * the error of no change; all 0 when the pair does not change at all (an empty change is trivially explained, by
     * the identity), and all 1 for a picture too small to split. (The filters are tried even when the table
     * explains the change wholly: a filter's per-channel affine part reproduces a linear colour map, such as an
     * inversion, exactly on colours the example never showed, where a table falls back towards the identity.)
     */
    double[] heldOutRatios(Mat before, Mat after) {
        double[] ratios = new double[Kind.values().length];
        double unchanged = meanSquared(before, after);
        if (unchanged < NO_CHANGE) {
            return ratios;
        }
        int half = before.rows() / 2;
        if (half < 2) {
            Arrays.fill(ratios, 1);
            return ratios;
        }
        Mat[] befores = {before.rowRange(0, half).clone(), before.rowRange(half, before.rows()).clone()};
        Mat[] afters = {after.rowRange(0, half).clone(), after.rowRange(half, after.rows()).clone()};
        try {
            double[] errors = bothWays(befores, afters, PairFitter::predictionErrors);
            for (int i = 0; i < ratios.length; i++) {
                ratios[i] = errors[i] / unchanged;
            }
            return ratios;
        } finally {
            for (Mat m : befores) {
                m.release();
            }
            for (Mat m : afters) {
                m.release();
            }
        }
    }

    /** Errors of explanations fitted on one half (src, dst) and scored on the other. */
    private interface HeldOut {
        double[] errors(Mat src, Mat dst, Mat otherSrc, Mat otherDst);
    }

    /**
     * The mean of fitting on the top half and scoring on the bottom and the other way round. The two directions are
     * independent: when parallel, one runs on a pool thread while this thread does the other.
     */
    private double[] bothWays(Mat[] befores, Mat[] afters, HeldOut heldOut) {
        CompletableFuture<double[]> topFitted = CompletableFuture.supplyAsync(
                () -> heldOut.errors(befores[0], afters[0], befores[1], afters[1]), executor);
        double[] bottomFitted = heldOut.errors(befores[1], afters[1], befores[0], afters[0]);
        double[] topErrors = join(topFitted);
        double[] mean = new double[topErrors.length];
        for (int i = 0; i < mean.length; i++) {
            mean[i] = (topErrors[i] + bottomFitted[i]) / 2;
        }
        return mean;
    }

    /**
     * Each kind fitted on (src, dst) and scored on (otherSrc, otherDst), by ordinal. The filter-then-table
     * explanation reuses the filter-alone fit: it is the same least-squares problem.
     */
    private static double[] predictionErrors(Mat src, Mat dst, Mat otherSrc, Mat otherDst) {
        double[] errors = new double[Kind.values().length];
        Lut3d table = Lut3d.fit(src, dst, DECISION_TABLE_SIZE, SMOOTHNESS, IDENTITY_PULL);
        errors[Kind.TABLE.ordinal()] = predictionError(new Fit(GaussianMixFilter.identity(), table), otherSrc,
                otherDst);
        GaussianMixFilter filter = GaussianMixFilter.fit(src, dst);
        errors[Kind.FILTER.ordinal()] = predictionError(new Fit(filter, Lut3d.identity(2)), otherSrc, otherDst);
        Mat filtered = filter.apply(src);
        Lut3d after = Lut3d.fit(filtered, dst, DECISION_TABLE_SIZE, SMOOTHNESS, IDENTITY_PULL);
        filtered.release();
        errors[Kind.FILTER_THEN_TABLE.ordinal()] = predictionError(new Fit(filter, after), otherSrc, otherDst);
        return errors;
    }

    private static double predictionError(Fit fit, Mat before, Mat after) {
        Mat predicted = fit.apply(before);
        try {
            return meanSquared(predicted, after);
        } finally {
            predicted.release();
        }
    }

    /** The future's value; what it threw is rethrown as it was, not wrapped. */
    private static <T> T join(CompletableFuture<T> future) {
        try {
            return future.join();
        } catch (CompletionException e) {
            if (e.getCause() instanceof RuntimeException runtime) {
                throw runtime;
            }
            if (e.getCause() instanceof Error error) {
                throw error;
            }
            throw e;
        }
    }

    static double meanSquared(Mat x, Mat y) {
        Mat d = new Mat();
        Core.subtract(x, y, d);
        Core.multiply(d, d, d);
        Scalar mean = Core.mean(d);
        d.release();
        return (mean.val[0] + mean.val[1] + mean.val[2]) / 3;
    }

    /** {@code rgb}'s size with the longer side at most {@code side}. */
    private static Size fitSize(Mat rgb, int side) {
        double scale = Math.min(1, (double) side / Math.max(rgb.rows(), rgb.cols()));
        return new Size(Math.max(1, Math.round(rgb.cols() * scale)), Math.max(1, Math.round(rgb.rows() * scale)));
    }
}
