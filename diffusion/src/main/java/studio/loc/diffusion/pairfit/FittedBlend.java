package studio.loc.diffusion.pairfit;

import java.util.Objects;
import java.util.function.UnaryOperator;
import org.opencv.core.Core;
import org.opencv.core.Mat;
import studio.loc.diffusion.colour.Lut3d;
import studio.loc.diffusion.image.MatScope;

/**
 * A change's fitted part at one strength, and the share of the output it supplies: the edit pipeline blends
 * {@code share · gain(table(curves(filter(kernel(query)))))} with {@code (1 − share) ·} the diffusion model's edit, and skips the
 * model when the fitted part supplies everything.
 */
public record FittedBlend(GaussianMixFilter filter, Lut3d table, GainMap gain, double share, ChannelCurves curves,
                          PixelKernel kernel) {

    /** No fitted part: the output is the model's alone. */
    public static final FittedBlend NONE = new FittedBlend(GaussianMixFilter.identity(), Lut3d.identity(2), 0);

    public FittedBlend {
        Objects.requireNonNull(filter, "filter");
        Objects.requireNonNull(table, "table");
        Objects.requireNonNull(gain, "gain");
        Objects.requireNonNull(curves, "curves");
        Objects.requireNonNull(kernel, "kernel");
        if (!(share >= 0 && share <= 1)) {
            throw new IllegalArgumentException("share must be in [0, 1], got " + share);
        }
    }

    /** A filter, a colour table and a gain map, no curves. */
    public FittedBlend(GaussianMixFilter filter, Lut3d table, GainMap gain, double share) {
        this(filter, table, gain, share, ChannelCurves.identity());
    }

    /** A filter, curves, a colour table and a gain map, no pixel kernel. */
    public FittedBlend(GaussianMixFilter filter, Lut3d table, GainMap gain, double share, ChannelCurves curves) {
        this(filter, table, gain, share, curves, PixelKernel.identity());
    }

    /** A filter and a colour table, no gain map. */
    public FittedBlend(GaussianMixFilter filter, Lut3d table, double share) {
        this(filter, table, GainMap.identity(), share);
    }

    /** A colour table alone. */
    public FittedBlend(Lut3d table, double share) {
        this(GaussianMixFilter.identity(), table, share);
    }

    /** The fitted part supplies the whole output, so the diffusion model need not run. */
    public boolean replacesModel() {
        return share >= 1;
    }

    /** The model supplies the whole output. */
    public boolean isNone() {
        return share <= 0;
    }

    /**
     * The pixel kernel, the filter, the curves, the table, then the gain map, on {@code rgb} (CV_32FC3, any size);
     * returns a new Mat. Parts that are the identity are skipped: each would be one more full-resolution pass that
     * changes nothing.
     */
    public Mat apply(Mat rgb) {
        Mat out = rgb;
        if (!kernel.isIdentity()) {
            out = kernel.apply(out);
        }
        if (!filter.isIdentity()) {
            out = then(out, rgb, filter::apply);
        }
        if (!curves.isIdentity()) {
            out = then(out, rgb, curves::apply);
        }
        // An identity table after another step is skipped as well: every step's output is already clamped to [0, 1].
        if (!table.isIdentity() || out == rgb && gain.isIdentity()) {
            out = then(out, rgb, table::apply);
        }
        if (!gain.isIdentity()) {
            out = then(out, rgb, gain::apply);
        }
        return out;
    }

    /**
     * Whether {@link #apply(Mat, int, int)} on bands of rows gives exactly {@link #apply(Mat)}'s rows: the curves
     * and the table are pointwise and the gain map depends on the position in the frame, which a band is told; a
     * filter is not banded (its large radii are blurred at a reduced size of the whole frame), and neither is a
     * pixel kernel (it reads the rows beside a band's edges), so a change with one is not.
     */
    public boolean appliesInBands() {
        return filter.isIdentity() && kernel.isIdentity();
    }

    /** Whether the colour table is the whole fitted part, so it can run on integer pixels directly. */
    public boolean isTableAlone() {
        return filter.isIdentity() && gain.isIdentity() && curves.isIdentity() && kernel.isIdentity();
    }

    /**
     * {@link #apply(Mat)} on rows {@code top} to {@code top + band.rows()} of a frame {@code fullHeight} rows
     * high and as wide as the band (only when {@link #appliesInBands()}); returns a new Mat.
     */
    public Mat apply(Mat band, int top, int fullHeight) {
        if (!appliesInBands()) {
            throw new IllegalStateException("a fitted part with a filter or a kernel is applied to the whole frame");
        }
        Mat out = band;
        if (!curves.isIdentity()) {
            out = curves.apply(band);
        }
        if (!table.isIdentity() || out == band && gain.isIdentity()) {
            out = then(out, band, table::apply);
        }
        if (!gain.isIdentity()) {
            Mat previous = out;
            try (MatScope scope = new MatScope()) {
                scope.addUnlessSame(previous, band);
                out = gain.apply(previous, top, fullHeight);
            }
        }
        return out;
    }

    /**
     * {@code step}'s output on {@code previous}, an earlier step's output that is released once it is read (unless
     * it is the caller's {@code input}): at most two full-size pictures are alive at a time.
     */
    private static Mat then(Mat previous, Mat input, UnaryOperator<Mat> step) {
        try (MatScope scope = new MatScope()) {
            scope.addUnlessSame(previous, input);
            return step.apply(previous);
        }
    }

    /**
     * The blend of the fitted part applied to {@code query} with the model's {@code modelEdit} (same size,
     * CV_32FC3); returns a new Mat and leaves both inputs alone.
     */
    public Mat blend(Mat query, Mat modelEdit) {
        if (share >= 1) {
            return apply(query);
        }
        try (MatScope scope = new MatScope()) {
            Mat out = scope.newMat();
            Core.addWeighted(scope.add(apply(query)), share, modelEdit, 1 - share, 0, out);
            return scope.keep(out);
        }
    }
}
