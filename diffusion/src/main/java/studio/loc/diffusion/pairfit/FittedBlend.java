package studio.loc.diffusion.pairfit;

import java.util.Objects;
import org.opencv.core.Core;
import org.opencv.core.Mat;
import studio.loc.diffusion.colour.Lut3d;

/**
 * A change's fitted part at one strength, and the share of the output it supplies: the edit pipeline blends
 * {@code share · gain(table(filter(query)))} with {@code (1 − share) ·} the diffusion model's edit, and skips the
 * model when the fitted part supplies everything.
 */
public record FittedBlend(GaussianMixFilter filter, Lut3d table, GainMap gain, double share) {

    /** No fitted part: the output is the model's alone. */
    public static final FittedBlend NONE = new FittedBlend(GaussianMixFilter.identity(), Lut3d.identity(2), 0);

    public FittedBlend {
        Objects.requireNonNull(filter, "filter");
        Objects.requireNonNull(table, "table");
        Objects.requireNonNull(gain, "gain");
        if (!(share >= 0 && share <= 1)) {
            throw new IllegalArgumentException("share must be in [0, 1], got " + share);
        }
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
     * The filter, then the table, then the gain map, on {@code rgb} (CV_32FC3, any size); returns a new Mat. Parts
     * that are the identity are skipped: each would be one more full-resolution pass that changes nothing.
     */
    public Mat apply(Mat rgb) {
        Mat out = rgb;
        if (!filter.isIdentity()) {
            out = filter.apply(out);
        }
        // An identity table after a filter is skipped as well: the filter's output is already clamped to [0, 1].
        if (!table.isIdentity() || out == rgb && gain.isIdentity()) {
            out = replacing(out, rgb, table.apply(out));
        }
        if (!gain.isIdentity()) {
            out = replacing(out, rgb, gain.apply(out));
        }
        return out;
    }

    /** {@code next}, releasing {@code previous} unless it is the caller's {@code input}. */
    private static Mat replacing(Mat previous, Mat input, Mat next) {
        if (previous != input) {
            previous.release();
        }
        return next;
    }

    /**
     * The blend of the fitted part applied to {@code query} with the model's {@code modelEdit} (same size,
     * CV_32FC3); returns a new Mat and leaves both inputs alone.
     */
    public Mat blend(Mat query, Mat modelEdit) {
        Mat mapped = apply(query);
        if (share >= 1) {
            return mapped;
        }
        Mat out = new Mat();
        Core.addWeighted(mapped, share, modelEdit, 1 - share, 0, out);
        mapped.release();
        return out;
    }
}
