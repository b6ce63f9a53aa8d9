package studio.loc.hypernet.change;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import studio.loc.diffusion.colour.Lut3d;
import studio.loc.diffusion.pairfit.ChannelCurves;
import studio.loc.diffusion.pairfit.FittedChange;
import studio.loc.diffusion.pairfit.GainMap;
import studio.loc.diffusion.pairfit.GaussianMixFilter;
import studio.loc.diffusion.pairfit.PixelKernel;
import studio.loc.diffusion.tensor.SafeTensors;
import studio.loc.diffusion.tensor.SafeTensorsFile;
import studio.loc.diffusion.tensor.Tensor;

/** A change's fitted part (filter, colour table, gain map) as change-file metadata. */
class FittedPartCodecTest {

    private static final BaseModelIdentity MODEL = ChangeFileTest.MODEL;

    @Test
    void theFittedPartRoundTripsAsMetadataAndAChangeWithoutOneReadsAsNone() throws Exception {
        Change plain = ChangeFileTest.sampleChange(2, 10);
        assertTrue(ChangeFile.parse(ChangeFile.toBytes(plain), "c", MODEL).fitted().isEmpty());
        FittedChange part = sampleFitted();
        byte[] bytes = ChangeFile.toBytes(plain.withFitted(Optional.of(part)));
        FittedChange read = ChangeFile.parse(bytes, "c", MODEL).fitted().orElseThrow();
        assertArrayEquals(part.table().nodes(), read.table().nodes());
        assertArrayEquals(part.reverseTable().nodes(), read.reverseTable().nodes());
        assertArrayEquals(part.filter().weights(), read.filter().weights());
        assertArrayEquals(part.reverseFilter().weights(), read.reverseFilter().weights());
        assertArrayEquals(part.filter().sigmas(), read.filter().sigmas(), 1e-6);
        assertEquals(part.filter().referenceSide(), read.filter().referenceSide());
        assertEquals(0.75, read.share(), 1e-6);
        // Still a plain LoRA to other tools: the tensors are exactly those of the change without a fitted part.
        List<String> names = SafeTensors.parse(bytes, "c").tensors().stream().map(Tensor::name).toList();
        assertEquals(SafeTensors.parse(ChangeFile.toBytes(plain), "c").tensors().stream().map(Tensor::name).toList(),
                names);
    }

    @Test
    void aDamagedFittedPartIsRefusedWithAMessage() {
        Change fitted = ChangeFileTest.sampleChange(2, 11).withFitted(Optional.of(sampleFitted()));
        assertFittedRefused(fitted, "incomplete", meta -> meta.remove("fitted_table_reverse"));
        assertFittedRefused(fitted, "between 0 and 1", meta -> meta.put("fitted_share", "1.5"));
        assertFittedRefused(fitted, "base64", meta -> meta.put("fitted_table", "not base64!"));
        assertFittedRefused(fitted, "damaged", meta -> meta.put("fitted_table_size", "5"));
        assertFittedRefused(fitted, "damaged", meta -> meta.put("fitted_table_size", "100000"));
        assertFittedRefused(fitted, "damaged", meta -> meta.put("fitted_filter", encode(new float[7])));
        float[] nodes = sampleFitted().table().nodes();
        nodes[3] = Float.NaN;
        assertFittedRefused(fitted, "NaN", meta -> meta.put("fitted_table", encode(nodes)));
    }

    @Test
    void aGainMapRoundTripsAndAFileWithoutOneReadsAsNoGain() throws Exception {
        Change plain = ChangeFileTest.sampleChange(2, 12);
        byte[] withoutGain = ChangeFile.toBytes(plain.withFitted(Optional.of(sampleFitted())));
        Map<String, String> meta = SafeTensors.parse(withoutGain, "c").metadata();
        assertFalse(meta.containsKey("fitted_gain"), "no gain keys when there is no gain map");
        assertEquals("loc-change/1", meta.get("format"));
        assertTrue(ChangeFile.parse(withoutGain, "c", MODEL).fitted().orElseThrow().gain().isIdentity());

        FittedChange part = sampleFittedWithGain();
        byte[] bytes = ChangeFile.toBytes(plain.withFitted(Optional.of(part)));
        // A newer format, so that a reader that knows no gain maps refuses the file instead of dropping the map.
        assertEquals("loc-change/2", SafeTensors.parse(bytes, "c").metadata().get("format"));
        FittedChange read = ChangeFile.parse(bytes, "c", MODEL).fitted().orElseThrow();
        assertEquals(GainMap.GRID, read.gain().grid());
        assertArrayEquals(part.gain().gains(), read.gain().gains());
        assertArrayEquals(part.reverseGain().gains(), read.reverseGain().gains());
    }

    @Test
    void aDamagedGainMapIsRefusedWithAMessage() {
        Change fitted = ChangeFileTest.sampleChange(2, 13).withFitted(Optional.of(sampleFittedWithGain()));
        assertFittedRefused(fitted, "incomplete", meta -> meta.remove("fitted_gain_reverse"));
        assertFittedRefused(fitted, "newer version", meta -> meta.put("format", "loc-change/9"));
        assertFittedRefused(fitted, "damaged", meta -> meta.put("fitted_gain_grid", "4"));
        assertFittedRefused(fitted, "base64", meta -> meta.put("fitted_gain", "%%%"));
        float[] gains = sampleFittedWithGain().gain().gains();
        gains[5] = Float.POSITIVE_INFINITY;
        assertFittedRefused(fitted, "out of range", meta -> meta.put("fitted_gain", encode(gains)));
    }

    @Test
    void curvesAndAPixelKernelRoundTripUnderTheirOwnFormatTagAndDamagedOnesAreRefused() throws Exception {
        FittedChange base = sampleFittedWithGain();
        float[] steps = ChannelCurves.identity().nodes();
        for (int i = 0; i < steps.length; i++) {
            steps[i] = Math.round(steps[i] * 3) / 3f;
        }
        float[] relief = {-1, -0.5f, 0, -0.5f, 1, 0.5f, 0, 0.5f, 1, 0.25f};
        FittedChange part = new FittedChange(base.filter(), base.table(), base.reverseFilter(), base.reverseTable(),
                base.share(), base.gain(), base.reverseGain(), ChannelCurves.of(steps), ChannelCurves.identity(),
                PixelKernel.of(relief), PixelKernel.identity());
        Change change = ChangeFileTest.sampleChange(2, 14).withFitted(Optional.of(part));
        byte[] bytes = ChangeFile.toBytes(change);
        // A reader that knows no curves must refuse the file rather than apply a posterize as a smooth grade.
        assertEquals("loc-change/3", SafeTensors.parse(bytes, "c").metadata().get("format"));
        FittedChange read = ChangeFile.parse(bytes, "c", MODEL).fitted().orElseThrow();
        assertArrayEquals(steps, read.curves().nodes());
        assertTrue(read.reverseCurves().isIdentity());
        assertArrayEquals(relief, read.kernel().weights());
        assertTrue(read.reverseKernel().isIdentity());
        assertArrayEquals(part.gain().gains(), read.gain().gains());

        assertFittedRefused(change, "incomplete", meta -> meta.remove("fitted_curves_reverse"));
        assertFittedRefused(change, "incomplete", meta -> meta.remove("fitted_kernel"));
        assertFittedRefused(change, "damaged", meta -> meta.put("fitted_kernel", encode(new float[9])));
        assertFittedRefused(change, "damaged", meta -> meta.put("fitted_curves", encode(new float[12])));
        float[] wild = steps.clone();
        wild[100] = 50;
        assertFittedRefused(change, "out of range", meta -> meta.put("fitted_curves", encode(wild)));
    }

    /** {@link #sampleFitted()} with a vignette-like gain map (corners at half) and its inverse. */
    private static FittedChange sampleFittedWithGain() {
        FittedChange base = sampleFitted();
        int grid = GainMap.GRID;
        float[] darken = new float[grid * grid * 3];
        float[] lighten = new float[darken.length];
        for (int y = 0; y < grid; y++) {
            for (int x = 0; x < grid; x++) {
                double r = Math.hypot(x - (grid - 1) / 2.0, y - (grid - 1) / 2.0) / ((grid - 1) / Math.sqrt(2));
                for (int c = 0; c < 3; c++) {
                    darken[(y * grid + x) * 3 + c] = (float) (1 - 0.5 * r * r);
                    lighten[(y * grid + x) * 3 + c] = (float) (1 / (1 - 0.5 * r * r));
                }
            }
        }
        return new FittedChange(base.filter(), base.table(), base.reverseFilter(), base.reverseTable(), base.share(),
                GainMap.of(grid, darken), GainMap.of(grid, lighten));
    }

    /**
     * A warm-up table (red up, blue down) and its inverse after a slight sharpening filter, sharing three quarters
     * of the output.
     */
    private static FittedChange sampleFitted() {
        float[] warm = Lut3d.identity(9).nodes();
        float[] cool = warm.clone();
        for (int n = 0; n < warm.length; n += 3) {
            warm[n] = Math.min(1, warm[n] * 1.1f);
            warm[n + 2] *= 0.9f;
            cool[n] /= 1.1f;
            cool[n + 2] = Math.min(1, cool[n + 2] / 0.9f);
        }
        GaussianMixFilter identity = GaussianMixFilter.identity();
        float[] sharpen = identity.weights();
        float[] soften = identity.weights();
        int perChannel = GaussianMixFilter.SIGMAS.length + 2;
        for (int c = 0; c < 3; c++) {
            sharpen[c * perChannel] = 1.3f;
            sharpen[c * perChannel + 2] = -0.3f;
            soften[c * perChannel] = 0.8f;
            soften[c * perChannel + 2] = 0.2f;
        }
        return new FittedChange(GaussianMixFilter.of(256, GaussianMixFilter.SIGMAS, sharpen), Lut3d.of(9, warm),
                GaussianMixFilter.of(256, GaussianMixFilter.SIGMAS, soften), Lut3d.of(9, cool), 0.75);
    }

    private static String encode(float[] values) {
        java.nio.ByteBuffer bytes = java.nio.ByteBuffer.allocate(values.length * 4)
                .order(java.nio.ByteOrder.LITTLE_ENDIAN);
        bytes.asFloatBuffer().put(values);
        return java.util.Base64.getEncoder().encodeToString(bytes.array());
    }

    private static void assertFittedRefused(Change change, String mention,
                                            java.util.function.Consumer<Map<String, String>> edit) {
        SafeTensorsFile file;
        try {
            file = SafeTensors.parse(ChangeFile.toBytes(change), "c");
        } catch (Exception e) {
            throw new AssertionError(e);
        }
        Map<String, String> meta = new LinkedHashMap<>(file.metadata());
        edit.accept(meta);
        byte[] bytes = ChangeFileTest.sealed(meta, file.tensors());
        ChangeFileException e = assertThrows(ChangeFileException.class, () -> ChangeFile.parse(bytes, "c", MODEL));
        assertTrue(e.getMessage().contains(mention), e.getMessage());
    }
}
