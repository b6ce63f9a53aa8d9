package studio.loc.diffusion.pairfit;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.Executor;
import java.util.concurrent.ForkJoinPool;
import java.util.function.BiFunction;
import org.opencv.core.Core;
import org.opencv.core.CvType;
import org.opencv.core.Mat;
import org.opencv.core.Scalar;
import studio.loc.diffusion.colour.Lut3d;
import studio.loc.diffusion.image.MatScope;
import studio.loc.diffusion.image.OpenCv;
import studio.loc.diffusion.image.Pictures;
import studio.loc.diffusion.pairfit.GaussianMixFilter.Features;

/**
 * Fits the part of a change that a filter, a colour table or a gain map explain ({@link FittedChange}) on its
 * before/after pair, and decides how much of the edit it explains.
 *
 * <p>Explanations compete: a colour table alone, curves per channel followed by a table, a filter alone, a filter
 * followed by a table, and a pixel kernel. Each is
 * scored held out: fitted on the top half of the pair, it predicts the bottom half, and the other way round; the error
 * left is compared with the error of no change at all. An explanation that fits the edit leaves almost nothing (ratio
 * near 0) even though the halves show different things; one that does not leaves most of it (near or above 1),
 * because it cannot predict pixels it was not fitted on. Scored on the pixels it was fitted on, any of them would
 * look good on anything. The table wins unless a filter explanation leaves clearly less ({@link #FILTER_MARGIN}) and
 * little in all ({@link #FILTER_MAX_RATIO}): a table does not depend on the picture's size, a filter's radii have to
 * be scaled to it.
 *
 * <p>Everything is fitted on the pair at its full size ({@link PairSample}): tables and gain maps on a sample of its
 * pixels as they are (not averaged), filters on full-resolution windows spread over the frame, so a filter's radii
 * are in the pair's own pixels. Only the choice of a gain map is made on a smaller sample ({@link #DECISION_PIXELS}
 * pixels of the frame), and the choice between table and filters with {@link #DECISION_TABLE_SIZE}^3 tables: both
 * are choices, not what the change keeps.
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
    /**
     * The most pixels of the whole frame the gain map is chosen on (sampled from the full-size pair): a quarter of
     * what the tables are fitted on is plenty to tell a vignette from a grade.
     */
    static final int DECISION_PIXELS = 1 << 16;
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
    enum Kind { TABLE, CURVES_THEN_TABLE, FILTER, FILTER_THEN_TABLE, KERNEL, GAIN }

    /**
     * What a pair is fitted on, from the pair at its full size (see {@link PairSample}): a sample of its pixels for
     * colour tables and gain maps, full-resolution windows for filters.
     *
     * @param side the longer side of the full-size pair, which the windows' filters are fitted in pixels of
     * @param pixelWindows the windows themselves, for a pixel kernel
     */
    record Evidence(Mat colourBefore, Mat colourAfter, List<Features> windows, int side,
                    List<FitWindow> pixelWindows) {
    }

    /** An explanation fitted on one pair. */
    record Fit(GaussianMixFilter filter, Lut3d table, GainMap gain, ChannelCurves curves, PixelKernel kernel) {

        Fit(GaussianMixFilter filter, Lut3d table, GainMap gain, ChannelCurves curves) {
            this(filter, table, gain, curves, PixelKernel.identity());
        }

        Fit(GaussianMixFilter filter, Lut3d table, GainMap gain) {
            this(filter, table, gain, ChannelCurves.identity());
        }

        static Fit kernel(PixelKernel kernel) {
            return new Fit(GaussianMixFilter.identity(), Lut3d.identity(2), GainMap.identity(),
                    ChannelCurves.identity(), kernel);
        }

        Fit(GaussianMixFilter filter, Lut3d table) {
            this(filter, table, GainMap.identity());
        }

        /** Curves per channel fitted on the colours, then the table that best follows them. */
        static Fit curvesThenTable(Mat before, Mat after, int tableSize) {
            ChannelCurves curves = ChannelCurves.fit(before, after);
            try (MatScope scope = new MatScope()) {
                Mat curved = scope.add(curves.apply(before));
                return new Fit(GaussianMixFilter.identity(),
                        Lut3d.fit(curved, after, tableSize, SMOOTHNESS, IDENTITY_PULL), GainMap.identity(), curves);
            }
        }

        static Fit of(Kind kind, Evidence evidence) {
            if (kind == Kind.GAIN) {
                return new Fit(GaussianMixFilter.identity(), Lut3d.identity(2),
                        GainMap.fit(evidence.colourBefore(), evidence.colourAfter()));
            }
            if (kind == Kind.KERNEL) {
                return kernel(PixelKernel.fit(evidence.pixelWindows()));
            }
            if (kind == Kind.CURVES_THEN_TABLE) {
                return curvesThenTable(evidence.colourBefore(), evidence.colourAfter(), TABLE_SIZE);
            }
            if (kind == Kind.TABLE) {
                return new Fit(GaussianMixFilter.identity(), Lut3d.fit(evidence.colourBefore(),
                        evidence.colourAfter(), TABLE_SIZE, SMOOTHNESS, IDENTITY_PULL));
            }
            GaussianMixFilter filter = GaussianMixFilter.fit(evidence.windows(), evidence.side());
            if (kind == Kind.FILTER) {
                return new Fit(filter, Lut3d.identity(2));
            }
            return new Fit(filter, tableAfter(filter, evidence.windows(), TABLE_SIZE));
        }

        Mat apply(Mat rgb) {
            return new FittedBlend(filter, table, gain, 1, curves, kernel).apply(rgb);
        }
    }

    /** The table that best maps the windows' befores, filtered, to their afters (on the interiors). */
    private static Lut3d tableAfter(GaussianMixFilter filter, List<Features> windows, int size) {
        try (MatScope scope = new MatScope()) {
            Mat src = scope.add(filteredInARow(filter, windows));
            Mat dst = scope.add(inARow(windows.stream().map(Features::target).toList()));
            return Lut3d.fit(src, dst, size, SMOOTHNESS, IDENTITY_PULL);
        }
    }

    /** The filter's output on the windows' interiors, side by side in one row. */
    private static Mat filteredInARow(GaussianMixFilter filter, List<Features> windows) {
        try (MatScope scope = new MatScope()) {
            List<Mat> filtered = new ArrayList<>();
            for (Features w : windows) {
                filtered.add(scope.add(filter.applyTo(w)));
            }
            return inARow(filtered);
        }
    }

    /**
     * Pictures (RGB CV_32FC3) side by side in one row of pixels: what a colour table is fitted on, as it ignores
     * positions.
     */
    private static Mat inARow(List<Mat> pictures) {
        long total = pictures.stream().mapToLong(Mat::total).sum();
        try (MatScope scope = new MatScope()) {
            Mat row = scope.add(new Mat(1, (int) Math.max(1, total), CvType.CV_32FC3));
            int at = 0;
            for (Mat picture : pictures) {
                try (MatScope views = new MatScope()) {
                    Mat flat = views.add(views.continuous(picture).reshape(3, 1));
                    flat.copyTo(views.add(row.colRange(at, at + flat.cols())));
                    at += flat.cols();
                }
            }
            return scope.keep(row);
        }
    }

    /** A kind and its held-out error ratio. */
    record Scored(Kind kind, double ratio) {
    }

    /**
     * The held-out error ratios of the three explanations that do not depend on where a pixel is, each over the
     * error of no change.
     */
    record Ratios(double table, double filter, double filterThenTable, double curvesThenTable) {

        static Ratios all(double ratio) {
            return new Ratios(ratio, ratio, ratio, ratio);
        }

        Ratios over(double unchanged) {
            return new Ratios(table / unchanged, filter / unchanged, filterThenTable / unchanged,
                    curvesThenTable / unchanged);
        }

        /** The mean of two directions' errors. */
        Ratios meanWith(Ratios other) {
            return new Ratios((table + other.table) / 2, (filter + other.filter) / 2,
                    (filterThenTable + other.filterThenTable) / 2, (curvesThenTable + other.curvesThenTable) / 2);
        }

        double of(Kind kind) {
            return switch (kind) {
                case TABLE -> table;
                case CURVES_THEN_TABLE -> curvesThenTable;
                case FILTER -> filter;
                case FILTER_THEN_TABLE -> filterThenTable;
                case GAIN, KERNEL -> throw new IllegalArgumentException(kind + " is scored on its own split");
            };
        }
    }

    /**
     * Fits the part of the change from {@code before} to {@code after} (RGB CV_32FC3, [0, 1], at their full size)
     * that a filter, a table and a gain map explain. When the two differ in size, {@code after} is stretched to
     * {@code before}'s, as the hypernetwork sees them; if that does not align them, nothing predicts the held-out
     * half and the share comes out as none.
     *
     * @return empty when nothing fitted explains the change (share 0)
     */
    public Optional<FittedChange> fit(Mat before, Mat after) {
        OpenCv.ensureLoaded();
        try (PairSample sample = sampleOf(before, after); FeatureSet features = FeatureSet.of(sample, false)) {
            Scored best = best(sample, features.top(), features.bottom());
            double share = share(best.ratio());
            if (share <= 0) {
                return Optional.empty();
            }
            int side = Math.max(before.rows(), before.cols());
            CompletableFuture<Fit> reverseFit = CompletableFuture.supplyAsync(
                    () -> reverseFit(best.kind(), sample, side), executor);
            Fit forward = Fit.of(best.kind(), new Evidence(sample.colourBefore(), sample.colourAfter(), features.all(),
                    side, sample.windows()));
            Fit reverse = join(reverseFit);
            return Optional.of(new FittedChange(forward.filter(), forward.table(), reverse.filter(), reverse.table(),
                    share, forward.gain(), reverse.gain(), forward.curves(), reverse.curves(), forward.kernel(),
                    reverse.kernel()));
        }
    }

    /** The sample of a pair, {@code after} stretched to {@code before}'s size first when the two differ. */
    private static PairSample sampleOf(Mat before, Mat after) {
        boolean aligned = after.rows() == before.rows() && after.cols() == before.cols();
        try (MatScope scope = new MatScope()) {
            Mat stretched = aligned ? after : scope.add(Pictures.resampleLinear(after, before.size()));
            return PairSample.of(before, stretched);
        }
    }

    /** The explanation of kind {@code kind} fitted from after to before; windows are needed only by filters. */
    private static Fit reverseFit(Kind kind, PairSample sample, int side) {
        if (kind == Kind.KERNEL) {
            List<FitWindow> reversed = sample.windows().stream().map(FitWindow::reversed).toList();
            try {
                return Fit.of(kind, new Evidence(sample.colourAfter(), sample.colourBefore(), List.of(), side,
                        reversed));
            } finally {
                reversed.forEach(FitWindow::close);
            }
        }
        if (kind != Kind.FILTER && kind != Kind.FILTER_THEN_TABLE) {
            return Fit.of(kind, new Evidence(sample.colourAfter(), sample.colourBefore(), List.of(), side, List.of()));
        }
        try (FeatureSet reversed = FeatureSet.of(sample, true)) {
            return Fit.of(kind, new Evidence(sample.colourAfter(), sample.colourBefore(), reversed.all(), side,
                    List.of()));
        }
    }

    /** The explanation to use for a pair at its full size (see {@link #best(Mat, Mat, List, List)}). */
    Scored best(Mat before, Mat after) {
        try (PairSample sample = PairSample.of(before, after); FeatureSet features = FeatureSet.of(sample, false)) {
            return best(sample, features.top(), features.bottom());
        }
    }

    /**
     * The explanation to use: the table, unless a filter one leaves clearly less held-out error; and when neither
     * explains the change wholly, the gain map if it leaves clearly less than both. The filters are scored on the
     * windows (top half against bottom half) against the table scored there too; the table's own ratio is the worse
     * of that and its ratio on a sample of the whole frame of at most {@link #DECISION_PIXELS} pixels (top rows
     * against bottom rows), and the gain map is scored on a checkerboard over that sample.
     */
    private Scored best(PairSample sample, List<Features> top, List<Features> bottom) {
        Ratios ratios = heldOutRatios(top, bottom);
        try (MatScope scope = new MatScope()) {
            Mat a = scope.add(PairSample.colours(sample.colourBefore(), DECISION_PIXELS));
            Mat b = scope.add(PairSample.colours(sample.colourAfter(), DECISION_PIXELS));
            // Two held-out splits judge the table: the windows (where the filters are scored too) and a sample of
            // each whole half, which shows it more of the colours. Its share is taken on the split it does worse on:
            // a table that predicts one split but not the other has learned the photo's colours rather than the
            // edit (a cartoon's outlines, say), and blended into the output it would darken or tint another photo.
            Scored best = new Scored(Kind.TABLE, Math.max(ratios.table(), tableRatio(a, b)));
            // Curves are the table's finer relative (256 levels a channel against 9 nodes an axis): taken only when
            // they leave clearly less, as a filter is, on both splits.
            double curvesRatio = Math.max(ratios.curvesThenTable(), curvesRatio(a, b));
            if (curvesRatio < FILTER_MARGIN * best.ratio()) {
                best = new Scored(Kind.CURVES_THEN_TABLE, curvesRatio);
            }
            for (Kind kind : new Kind[] {Kind.FILTER, Kind.FILTER_THEN_TABLE}) {
                double ratio = ratios.of(kind);
                if (ratio <= FILTER_MAX_RATIO && ratio < FILTER_MARGIN * ratios.table() && ratio < best.ratio()) {
                    best = new Scored(kind, ratio);
                }
            }
            if (best.ratio() > WHOLLY_EXPLAINED) {
                // On a filter's terms: a kernel that explains only part of the change is as likely a neighbourhood
                // standing in for a misaligned pair (a 4-pixel shift leaves 0.56 of its error, as much as a relief
                // the model has to finish) as an edit of its own.
                double kernelRatio = kernelRatio(sample.top(), sample.bottom());
                if (kernelRatio <= FILTER_MAX_RATIO && kernelRatio < FILTER_MARGIN * best.ratio()) {
                    best = new Scored(Kind.KERNEL, kernelRatio);
                }
            }
            boolean tooSmallToCheck = Math.min(a.rows(), a.cols()) < 2 * GainMap.CHECKER_BLOCKS;
            if (best.ratio() <= WHOLLY_EXPLAINED || tooSmallToCheck) {
                return best;
            }
            // Only now, so that a grade or a blur costs no more to learn than before gain maps. (A filter's ratio
            // on halves is compared as it is: the checkerboard's would only be lower.)
            double[] checkered = checkeredRatios(a, b);
            double gainRatio = checkered[1];
            if (gainRatio <= FILTER_MAX_RATIO && gainRatio < FILTER_MARGIN * Math.min(checkered[0], best.ratio())) {
                return new Scored(Kind.GAIN, gainRatio);
            }
            return best;
        }
    }

    /**
     * The held-out error ratio of a colour table on a sample of the whole pair: fitted on the top half of its rows,
     * scored on the bottom half, and the other way round; 0 for no change, 1 for a sample too small to split.
     */
    double tableRatio(Mat before, Mat after) {
        return halvesRatio(before, after, (b, a) -> new Fit(GaussianMixFilter.identity(),
                Lut3d.fit(b, a, DECISION_TABLE_SIZE, SMOOTHNESS, IDENTITY_PULL)));
    }

    /** {@link #tableRatio}'s split for curves followed by a table. */
    double curvesRatio(Mat before, Mat after) {
        return halvesRatio(before, after, (b, a) -> Fit.curvesThenTable(b, a, DECISION_TABLE_SIZE));
    }

    /** The held-out error ratio of what {@code fitter} fits, on the top and bottom halves of a colour sample. */
    private static double halvesRatio(Mat before, Mat after, BiFunction<Mat, Mat, Fit> fitter) {
        double unchanged = meanSquared(before, after);
        if (unchanged < NO_CHANGE) {
            return 0;
        }
        int half = before.rows() / 2;
        if (half < 2) {
            return 1;
        }
        try (MatScope scope = new MatScope()) {
            Mat[] befores = {scope.add(before.rowRange(0, half)), scope.add(before.rowRange(half, before.rows()))};
            Mat[] afters = {scope.add(after.rowRange(0, half)), scope.add(after.rowRange(half, after.rows()))};
            double error = 0;
            for (int fitted = 0; fitted < 2; fitted++) {
                error += predictionError(fitter.apply(befores[fitted], afters[fitted]), befores[1 - fitted],
                        afters[1 - fitted]);
            }
            return error / 2 / unchanged;
        }
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
        double[] errors = new double[2];
        try (MatScope scope = new MatScope()) {
            // Each colour's pixels are fitted on once and scored on once: gather both once.
            List<List<Mat>> colours = List.of(scope.addAll(checkerPixels(before, after, 0)),
                    scope.addAll(checkerPixels(before, after, 1)));
            for (int checker = 0; checker < 2; checker++) {
                List<Mat> fitOn = colours.get(checker);
                List<Mat> scoreOn = colours.get(1 - checker);
                Lut3d table = Lut3d.fit(fitOn.get(0), fitOn.get(1), DECISION_TABLE_SIZE, SMOOTHNESS, IDENTITY_PULL);
                errors[0] += predictionError(new Fit(GaussianMixFilter.identity(), table), scoreOn.get(0),
                        scoreOn.get(1));
                errors[1] += checkerError(GainMap.fit(before, after, checker), before, after, 1 - checker);
            }
        }
        return new double[] {errors[0] / 2 / unchanged, errors[1] / 2 / unchanged};
    }

    /**
     * The pixels of one checkerboard colour of {@code before} and {@code after}, gathered into 1-row Mats (in that
     * order) that the caller owns.
     */
    private static List<Mat> checkerPixels(Mat before, Mat after, int checker) {
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
        List<Mat> out = new ArrayList<>();
        try (MatScope scope = new MatScope()) {
            for (int k = 0; k < 2; k++) {
                Mat pixels = scope.add(new Mat(1, Math.max(1, count), CvType.CV_32FC3));
                pixels.put(0, 0, Arrays.copyOf(picked[k], Math.max(1, count) * 3));
                out.add(pixels);
            }
            out.forEach(scope::keep);
        }
        return out;
    }

    /** Mean squared error of {@code gain} on the pixels of one checkerboard colour. */
    private static double checkerError(GainMap gain, Mat before, Mat after, int checker) {
        try (MatScope scope = new MatScope()) {
            Mat predicted = scope.add(gain.apply(before));
            List<Mat> pixels = scope.addAll(checkerPixels(predicted, after, checker));
            return meanSquared(pixels.get(0), pixels.get(1));
        }
    }

    /**
     * The held-out error ratio of a pixel kernel: fitted on the top windows, scored on the bottom ones' interiors,
     * and the other way round; 1 when the windows show no change or are too small to hold a kernel.
     */
    static double kernelRatio(List<FitWindow> top, List<FitWindow> bottom) {
        double error = kernelError(PixelKernel.fit(top), bottom) + kernelError(PixelKernel.fit(bottom), top);
        double unchanged = kernelError(PixelKernel.identity(), bottom) + kernelError(PixelKernel.identity(), top);
        return unchanged < NO_CHANGE ? 1 : error / unchanged;
    }

    /** The summed mean squared error of {@code kernel} on the windows' interiors. */
    private static double kernelError(PixelKernel kernel, List<FitWindow> windows) {
        double error = 0;
        for (FitWindow w : windows) {
            try (MatScope scope = new MatScope()) {
                Mat filtered = scope.add(kernel.apply(w.before()));
                error += meanSquared(scope.add(w.inner(filtered)), scope.add(w.inner(w.after())));
            }
        }
        return error;
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
     * The error of each explanation fitted on the top windows and predicting the bottom ones, and the other way
     * round, over the error of no change; all 0 when the pair does not change at all (an empty change is trivially
     * explained, by the identity), and all 1 for a picture too small to split. (The filters are tried even when the
     * table explains the change wholly: a filter's per-channel affine part reproduces a linear colour map, such as an
     * inversion, exactly on colours the example never showed, where a table falls back towards the identity.)
     */
    Ratios heldOutRatios(List<Features> top, List<Features> bottom) {
        if (top.stream().anyMatch(w -> w.target().rows() < 2) || bottom.stream().anyMatch(
                w -> w.target().rows() < 2)) {
            return Ratios.all(1);
        }
        try (MatScope scope = new MatScope()) {
            Mat[] befores = {scope.add(inARow(top.stream().map(Features::before).toList())),
                    scope.add(inARow(bottom.stream().map(Features::before).toList()))};
            Mat[] afters = {scope.add(inARow(top.stream().map(Features::target).toList())),
                    scope.add(inARow(bottom.stream().map(Features::target).toList()))};
            double unchanged = (meanSquared(befores[0], afters[0]) + meanSquared(befores[1], afters[1])) / 2;
            if (unchanged < NO_CHANGE) {
                return Ratios.all(0);
            }
            CompletableFuture<Ratios> topFitted = CompletableFuture.supplyAsync(
                    () -> predictionErrors(top, befores[0], afters[0], bottom, befores[1], afters[1]), executor);
            Ratios bottomFitted = predictionErrors(bottom, befores[1], afters[1], top, befores[0], afters[0]);
            return join(topFitted).meanWith(bottomFitted).over(unchanged);
        }
    }

    /**
     * Each explanation fitted on {@code windows} and scored on {@code others} (with their interiors' pixels in a
     * row). The filter-then-table explanation reuses the filter-alone fit: it is the same least-squares problem.
     */
    private static Ratios predictionErrors(List<Features> windows, Mat before, Mat after, List<Features> others,
                                           Mat otherBefore, Mat otherAfter) {
        Lut3d table = Lut3d.fit(before, after, DECISION_TABLE_SIZE, SMOOTHNESS, IDENTITY_PULL);
        double tableError = predictionError(new Fit(GaussianMixFilter.identity(), table), otherBefore, otherAfter);
        double curvesError = predictionError(Fit.curvesThenTable(before, after, DECISION_TABLE_SIZE), otherBefore,
                otherAfter);
        // Radii in the windows' own pixels: the filter is only applied to windows here.
        GaussianMixFilter filter = GaussianMixFilter.fit(windows, 1);
        Lut3d tableAfter = tableAfter(filter, windows, DECISION_TABLE_SIZE);
        try (MatScope scope = new MatScope()) {
            Mat filteredRow = scope.add(filteredInARow(filter, others));
            double filterError = meanSquared(filteredRow, otherAfter);
            double bothError = predictionError(new Fit(GaussianMixFilter.identity(), tableAfter), filteredRow,
                    otherAfter);
            return new Ratios(tableError, filterError, bothError, curvesError);
        }
    }

    private static double predictionError(Fit fit, Mat before, Mat after) {
        try (MatScope scope = new MatScope()) {
            return meanSquared(scope.add(fit.apply(before)), after);
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
        try (MatScope scope = new MatScope()) {
            Mat d = scope.newMat();
            Core.subtract(x, y, d);
            Core.multiply(d, d, d);
            Scalar mean = Core.mean(d);
            return (mean.val[0] + mean.val[1] + mean.val[2]) / 3;
        }
    }
}
