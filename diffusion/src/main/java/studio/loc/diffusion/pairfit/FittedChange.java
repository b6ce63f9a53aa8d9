package studio.loc.diffusion.pairfit;

import java.util.Objects;
import studio.loc.diffusion.colour.Lut3d;

/**
 * The part of a change that simple operations fitted directly on the example pair explain: a 3 × 3 kernel on the
 * photo's pixels ({@link PixelKernel}: emboss, relief, edges), then a linear filter ({@link GaussianMixFilter}: blur,
 * sharpen, glow), then a curve per channel ({@link ChannelCurves}: posterize,
 * threshold, fine curves), then a colour table ({@link Lut3d}: grade, LUT, tone curve), then a gain map
 * ({@link GainMap}: vignette, graduated filter), any of which may be the identity; the same operations
 * fitted the other way round, for undoing the change; and how much of the edited picture they supply
 * ({@code share}; the diffusion model supplies the rest).
 * A grade or a blur is explained entirely (share 1); a cartoon filter hardly at all (share near 0).
 *
 * @param filter before → after, first
 * @param table before → after, second
 * @param reverseFilter after → before, first, used for negative strengths
 * @param reverseTable after → before, second
 * @param share in [0, 1]
 * @param gain before → after, last
 * @param reverseGain after → before, last
 * @param curves before → after, after the filter
 * @param reverseCurves after → before, after the reverse filter
 * @param kernel before → after, before everything else
 * @param reverseKernel after → before, before everything else
 */
public record FittedChange(GaussianMixFilter filter, Lut3d table, GaussianMixFilter reverseFilter,
                           Lut3d reverseTable, double share, GainMap gain, GainMap reverseGain,
                           ChannelCurves curves, ChannelCurves reverseCurves, PixelKernel kernel,
                           PixelKernel reverseKernel) {

    public FittedChange {
        Objects.requireNonNull(filter, "filter");
        Objects.requireNonNull(table, "table");
        Objects.requireNonNull(reverseFilter, "reverseFilter");
        Objects.requireNonNull(reverseTable, "reverseTable");
        Objects.requireNonNull(gain, "gain");
        Objects.requireNonNull(reverseGain, "reverseGain");
        Objects.requireNonNull(curves, "curves");
        Objects.requireNonNull(reverseCurves, "reverseCurves");
        Objects.requireNonNull(kernel, "kernel");
        Objects.requireNonNull(reverseKernel, "reverseKernel");
        if (!(share >= 0 && share <= 1)) {
            throw new IllegalArgumentException("share must be in [0, 1], got " + share);
        }
    }

    /** A filter, a colour table and a gain map, no curves. */
    public FittedChange(GaussianMixFilter filter, Lut3d table, GaussianMixFilter reverseFilter, Lut3d reverseTable,
                        double share, GainMap gain, GainMap reverseGain) {
        this(filter, table, reverseFilter, reverseTable, share, gain, reverseGain, ChannelCurves.identity(),
                ChannelCurves.identity());
    }

    /** A filter, curves, a colour table and a gain map, no pixel kernel. */
    public FittedChange(GaussianMixFilter filter, Lut3d table, GaussianMixFilter reverseFilter, Lut3d reverseTable,
                        double share, GainMap gain, GainMap reverseGain, ChannelCurves curves,
                        ChannelCurves reverseCurves) {
        this(filter, table, reverseFilter, reverseTable, share, gain, reverseGain, curves, reverseCurves,
                PixelKernel.identity(), PixelKernel.identity());
    }

    /** Whether the pixel kernel changes anything, either way. */
    public boolean hasKernel() {
        return !kernel.isIdentity() || !reverseKernel.isIdentity();
    }

    /** Whether the curves change anything, either way. */
    public boolean hasCurves() {
        return !curves.isIdentity() || !reverseCurves.isIdentity();
    }

    /** A filter and a colour table, no gain map. */
    public FittedChange(GaussianMixFilter filter, Lut3d table, GaussianMixFilter reverseFilter, Lut3d reverseTable,
                        double share) {
        this(filter, table, reverseFilter, reverseTable, share, GainMap.identity(), GainMap.identity());
    }

    /**
     * The fitted part at a strength, as the LoRA is scaled: s = 1 the change, 0 &lt; s &lt; 1 part of it, s &gt; 1
     * more of it, s &lt; 0 the reverse operations scaled by |s| (s = −1 undoes the change). Scaling the forward
     * operations negatively would only approximate the inverse of a strong edit; the reverse ones are fitted for it.
     */
    public FittedBlend at(double strength) {
        if (!Double.isFinite(strength)) {
            throw new IllegalArgumentException("strength must be finite, got " + strength);
        }
        return strength >= 0
                ? new FittedBlend(filter.towards(strength), table.towards(strength), gain.towards(strength), share,
                        curves.towards(strength), kernel.towards(strength))
                : new FittedBlend(reverseFilter.towards(-strength), reverseTable.towards(-strength),
                        reverseGain.towards(-strength), share, reverseCurves.towards(-strength),
                        reverseKernel.towards(-strength));
    }
}
