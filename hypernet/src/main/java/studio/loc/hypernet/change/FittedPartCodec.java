package studio.loc.hypernet.change;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import studio.loc.diffusion.colour.Lut3d;
import studio.loc.diffusion.pairfit.ChannelCurves;
import studio.loc.diffusion.pairfit.FittedChange;
import studio.loc.diffusion.pairfit.GainMap;
import studio.loc.diffusion.pairfit.GaussianMixFilter;
import studio.loc.diffusion.pairfit.PixelKernel;

/**
 * A change's fitted part in the metadata: {@code fitted_share}, the colour tables {@code fitted_table} /
 * {@code fitted_table_reverse} of {@code fitted_table_size}^3 nodes, the filters {@code fitted_filter} /
 * {@code fitted_filter_reverse} with their radii {@code fitted_filter_sigmas} at {@code fitted_filter_side}, and,
 * when there is a gain map, {@code fitted_gain} / {@code fitted_gain_reverse} of {@code fitted_gain_grid}^2 nodes,
 * when there are curves per channel, {@code fitted_curves} / {@code fitted_curves_reverse} of 3 × 256 nodes, and
 * when there is a pixel kernel, {@code fitted_kernel} / {@code fitted_kernel_reverse} of 10 weights.
 * Metadata, not tensors: to other LoRA tools the file stays a plain LoRA.
 *
 * <p>Bounds on reading (docs/DESIGN.md, "The change file"): the share is in [0, 1]; table nodes within ±4 (a
 * fitted table maps the colour cube to about itself), curve nodes too; filter weights, blur radii and gains within ±1000 (fitted
 * ones are a few units; every fitted operation clamps its output to [0, 1], so these bounds catch damage rather
 * than protect the picture).
 */
final class FittedPartCodec {

    static final String KEY_FITTED_SHARE = "fitted_share";
    static final String KEY_FITTED_TABLE_SIZE = "fitted_table_size";
    static final String KEY_FITTED_TABLE = "fitted_table";
    static final String KEY_FITTED_TABLE_REVERSE = "fitted_table_reverse";
    static final String KEY_FITTED_FILTER_SIDE = "fitted_filter_side";
    static final String KEY_FITTED_FILTER_SIGMAS = "fitted_filter_sigmas";
    static final String KEY_FITTED_FILTER = "fitted_filter";
    static final String KEY_FITTED_FILTER_REVERSE = "fitted_filter_reverse";
    static final String KEY_FITTED_GAIN_GRID = "fitted_gain_grid";
    static final String KEY_FITTED_GAIN = "fitted_gain";
    static final String KEY_FITTED_GAIN_REVERSE = "fitted_gain_reverse";
    static final String KEY_FITTED_CURVES = "fitted_curves";
    static final String KEY_FITTED_CURVES_REVERSE = "fitted_curves_reverse";
    static final String KEY_FITTED_KERNEL = "fitted_kernel";
    static final String KEY_FITTED_KERNEL_REVERSE = "fitted_kernel_reverse";
    private static final List<String> FITTED_KEYS = List.of(KEY_FITTED_SHARE, KEY_FITTED_TABLE_SIZE,
            KEY_FITTED_TABLE, KEY_FITTED_TABLE_REVERSE, KEY_FITTED_FILTER_SIDE, KEY_FITTED_FILTER_SIGMAS,
            KEY_FITTED_FILTER, KEY_FITTED_FILTER_REVERSE);
    /** A fitted part without a gain map has none of these (as files written before gain maps). */
    private static final List<String> GAIN_KEYS = List.of(KEY_FITTED_GAIN_GRID, KEY_FITTED_GAIN,
            KEY_FITTED_GAIN_REVERSE);
    /** A fitted part without curves has none of these (as files written before curves). */
    private static final List<String> CURVE_KEYS = List.of(KEY_FITTED_CURVES, KEY_FITTED_CURVES_REVERSE);
    /** A fitted part without a pixel kernel has none of these. */
    private static final List<String> KERNEL_KEYS = List.of(KEY_FITTED_KERNEL, KEY_FITTED_KERNEL_REVERSE);
    /** A table node far outside the colour cube is damage, not a colour (fitted tables stay close to it). */
    static final float TABLE_NODE_LIMIT = 4f;
    /** A filter weight or blur radius this large is damage: fitted ones are a few units at most. */
    static final float FILTER_WEIGHT_LIMIT = 1000f;
    /** A gain this large is damage: fitted ones are a few units at most. */
    static final float GAIN_LIMIT = 1000f;

    private FittedPartCodec() {
    }

    /** Whether {@code fitted} needs the gain keys (and so the newer format tag). */
    static boolean hasGain(FittedChange fitted) {
        return !fitted.gain().isIdentity() || !fitted.reverseGain().isIdentity();
    }

    static void write(FittedChange fitted, Map<String, String> meta) {
        meta.put(KEY_FITTED_SHARE, Double.toString(fitted.share()));
        meta.put(KEY_FITTED_TABLE_SIZE, Integer.toString(fitted.table().size()));
        meta.put(KEY_FITTED_TABLE, MetadataValues.encodeFloats(fitted.table().nodes()));
        meta.put(KEY_FITTED_TABLE_REVERSE, MetadataValues.encodeFloats(fitted.reverseTable().nodes()));
        meta.put(KEY_FITTED_FILTER_SIDE, Integer.toString(fitted.filter().referenceSide()));
        meta.put(KEY_FITTED_FILTER_SIGMAS, MetadataValues.encodeFloats(toFloats(fitted.filter().sigmas())));
        meta.put(KEY_FITTED_FILTER, MetadataValues.encodeFloats(fitted.filter().weights()));
        meta.put(KEY_FITTED_FILTER_REVERSE, MetadataValues.encodeFloats(fitted.reverseFilter().weights()));
        if (hasGain(fitted)) {
            // Both maps are fitted on the same grid.
            meta.put(KEY_FITTED_GAIN_GRID, Integer.toString(fitted.gain().grid()));
            meta.put(KEY_FITTED_GAIN, MetadataValues.encodeFloats(fitted.gain().gains()));
            meta.put(KEY_FITTED_GAIN_REVERSE, MetadataValues.encodeFloats(fitted.reverseGain().gains()));
        }
        if (fitted.hasCurves()) {
            meta.put(KEY_FITTED_CURVES, MetadataValues.encodeFloats(fitted.curves().nodes()));
            meta.put(KEY_FITTED_CURVES_REVERSE, MetadataValues.encodeFloats(fitted.reverseCurves().nodes()));
        }
        if (fitted.hasKernel()) {
            meta.put(KEY_FITTED_KERNEL, MetadataValues.encodeFloats(fitted.kernel().weights()));
            meta.put(KEY_FITTED_KERNEL_REVERSE, MetadataValues.encodeFloats(fitted.reverseKernel().weights()));
        }
    }

    /** The fitted part, when the file has one; all its keys or none. */
    static Optional<FittedChange> read(Map<String, String> meta, String source) throws ChangeFileException {
        long present = FITTED_KEYS.stream().filter(meta::containsKey).count();
        if (present == 0) {
            return Optional.empty();
        }
        if (present < FITTED_KEYS.size()) {
            throw new ChangeFileException(source + ": its fitted filter and colour table are incomplete (the "
                    + "metadata needs all of " + String.join(", ", FITTED_KEYS) + "); the file is damaged.");
        }
        long gainKeys = GAIN_KEYS.stream().filter(meta::containsKey).count();
        if (gainKeys > 0 && gainKeys < GAIN_KEYS.size()) {
            throw new ChangeFileException(source + ": its fitted gain map is incomplete (the metadata needs all of "
                    + String.join(", ", GAIN_KEYS) + "); the file is damaged.");
        }
        long curveKeys = CURVE_KEYS.stream().filter(meta::containsKey).count();
        if (curveKeys > 0 && curveKeys < CURVE_KEYS.size()) {
            throw new ChangeFileException(source + ": its fitted curves are incomplete (the metadata needs both "
                    + String.join(" and ", CURVE_KEYS) + "); the file is damaged.");
        }
        long kernelKeys = KERNEL_KEYS.stream().filter(meta::containsKey).count();
        if (kernelKeys > 0 && kernelKeys < KERNEL_KEYS.size()) {
            throw new ChangeFileException(source + ": its fitted pixel kernel is incomplete (the metadata needs both "
                    + String.join(" and ", KERNEL_KEYS) + "); the file is damaged.");
        }
        float share = MetadataValues.finiteFloat(meta, KEY_FITTED_SHARE, source);
        if (share < 0 || share > 1) {
            throw new ChangeFileException(source + ": metadata \"" + KEY_FITTED_SHARE + "\" must be between 0 and "
                    + "1, got " + share + "; the file is damaged or was not made by LoC Studio.");
        }
        int tableSize = MetadataValues.positiveInt(meta, KEY_FITTED_TABLE_SIZE, source);
        int side = MetadataValues.positiveInt(meta, KEY_FITTED_FILTER_SIDE, source);
        float[] sigmas = MetadataValues.floats(meta, KEY_FITTED_FILTER_SIGMAS, FILTER_WEIGHT_LIMIT, source);
        try {
            double[] radii = new double[sigmas.length];
            for (int i = 0; i < radii.length; i++) {
                radii[i] = sigmas[i];
            }
            return Optional.of(new FittedChange(
                    GaussianMixFilter.of(side, radii, filterWeights(meta, KEY_FITTED_FILTER, source)),
                    Lut3d.of(tableSize, tableNodes(meta, KEY_FITTED_TABLE, source)),
                    GaussianMixFilter.of(side, radii, filterWeights(meta, KEY_FITTED_FILTER_REVERSE, source)),
                    Lut3d.of(tableSize, tableNodes(meta, KEY_FITTED_TABLE_REVERSE, source)),
                    share, gain(meta, gainKeys > 0, KEY_FITTED_GAIN, source),
                    gain(meta, gainKeys > 0, KEY_FITTED_GAIN_REVERSE, source),
                    curves(meta, curveKeys > 0, KEY_FITTED_CURVES, source),
                    curves(meta, curveKeys > 0, KEY_FITTED_CURVES_REVERSE, source),
                    kernel(meta, kernelKeys > 0, KEY_FITTED_KERNEL, source),
                    kernel(meta, kernelKeys > 0, KEY_FITTED_KERNEL_REVERSE, source)));
        } catch (IllegalArgumentException e) {
            throw new ChangeFileException(source + ": its fitted part is damaged: " + e.getMessage(), e);
        }
    }

    private static float[] filterWeights(Map<String, String> meta, String key, String source)
            throws ChangeFileException {
        return MetadataValues.floats(meta, key, FILTER_WEIGHT_LIMIT, source);
    }

    private static float[] tableNodes(Map<String, String> meta, String key, String source)
            throws ChangeFileException {
        return MetadataValues.floats(meta, key, TABLE_NODE_LIMIT, source);
    }

    /** The gain map under {@code key}, or no change when the file has no gain map. */
    private static GainMap gain(Map<String, String> meta, boolean present, String key, String source)
            throws ChangeFileException {
        if (!present) {
            return GainMap.identity();
        }
        return GainMap.of(MetadataValues.positiveInt(meta, KEY_FITTED_GAIN_GRID, source),
                MetadataValues.floats(meta, key, GAIN_LIMIT, source));
    }

    /** The curves under {@code key}, or none when the file has no curves. */
    private static ChannelCurves curves(Map<String, String> meta, boolean present, String key, String source)
            throws ChangeFileException {
        return present ? ChannelCurves.of(MetadataValues.floats(meta, key, TABLE_NODE_LIMIT, source))
                : ChannelCurves.identity();
    }

    /** The pixel kernel under {@code key}, or none when the file has no kernel. */
    private static PixelKernel kernel(Map<String, String> meta, boolean present, String key, String source)
            throws ChangeFileException {
        return present ? PixelKernel.of(MetadataValues.floats(meta, key, FILTER_WEIGHT_LIMIT, source))
                : PixelKernel.identity();
    }

    private static float[] toFloats(double[] values) {
        float[] out = new float[values.length];
        for (int i = 0; i < values.length; i++) {
            out[i] = (float) values[i];
        }
        return out;
    }
}
