package studio.loc.hypernet.change;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import studio.loc.diffusion.lora.LoraSet;
import studio.loc.diffusion.lora.LoraSlot;
import studio.loc.diffusion.tensor.SafeTensors;
import studio.loc.diffusion.tensor.SafeTensorsFile;
import studio.loc.diffusion.tensor.Tensor;

class ChangeFileTest {

    static final List<LoraSlot> SLOTS = List.of(
            LoraSlot.conv("down.0.res.conv1", 3, 4, 3),
            LoraSlot.linear("mid.attn.q", 4, 4),
            LoraSlot.conv("out.conv", 4, 3, 1));
    static final BaseModelIdentity MODEL = new BaseModelIdentity("loc-tiny", "ab12cd34ef56aa00", SLOTS);
    static final byte[] PNG = {(byte) 0x89, 'P', 'N', 'G', '\r', '\n', 0x1a, '\n', 0, 0, 0, 13, 'I', 'H', 'D', 'R'};

    static Change sampleChange(int rank, long seed) {
        Random random = new Random(seed);
        Map<String, Change.SlotFactors> factors = new LinkedHashMap<>();
        for (LoraSlot slot : SLOTS) {
            factors.put(slot.name(), new Change.SlotFactors(gaussian(random, rank * slot.downColumns()),
                    gaussian(random, slot.out() * rank)));
        }
        return new Change("warm sunset", MODEL.name(), MODEL.sha256(), SLOTS, rank, 2f, 0.8f,
                Instant.parse("2026-11-23T10:15:30Z"), ChangeSource.PAIR, PNG, PNG.clone(), factors);
    }

    private static float[] gaussian(Random random, int n) {
        float[] values = new float[n];
        for (int i = 0; i < n; i++) {
            values[i] = (float) random.nextGaussian();
        }
        return values;
    }

    @Test
    void roundTripKeepsFactorsAndMetadata(@TempDir Path dir) throws Exception {
        Change change = sampleChange(2, 1);
        Path file = dir.resolve("sunset" + ChangeFile.EXTENSION);
        ChangeFile.write(file, change);
        Change read = ChangeFile.read(file, MODEL);
        assertEquals(change.name(), read.name());
        assertEquals(change.rank(), read.rank());
        assertEquals(change.alpha(), read.alpha());
        assertEquals(change.defaultStrength(), read.defaultStrength());
        assertEquals(change.created(), read.created());
        assertEquals(ChangeSource.PAIR, read.source());
        assertArrayEquals(PNG, read.beforeThumbnailPng());
        assertArrayEquals(PNG, read.afterThumbnailPng());
        for (LoraSlot slot : SLOTS) {
            assertArrayEquals(change.factors().get(slot.name()).down(), read.factors().get(slot.name()).down());
            assertArrayEquals(change.factors().get(slot.name()).up(), read.factors().get(slot.name()).up());
        }
        SafeTensorsFile raw = SafeTensors.read(file);
        assertEquals("loc-change/1", raw.metadata().get("format"));
        assertEquals("pair", raw.metadata().get("source"));
        assertArrayEquals(new long[] {2, 3, 3, 3}, raw.get("lora_unet_down_0_res_conv1.lora_down.weight").shape());
        assertArrayEquals(new long[] {4, 2, 1, 1}, raw.get("lora_unet_down_0_res_conv1.lora_up.weight").shape());
        assertArrayEquals(new long[] {2, 4}, raw.get("lora_unet_mid_attn_q.lora_down.weight").shape());
        assertArrayEquals(new long[] {4, 2}, raw.get("lora_unet_mid_attn_q.lora_up.weight").shape());
        assertArrayEquals(new long[0], raw.get("lora_unet_mid_attn_q.alpha").shape());
    }

    @Test
    void loraSetConversionRoundTrips() {
        Change change = sampleChange(3, 2);
        try (NDManager m = NDManager.newBaseManager()) {
            LoraSet set = change.toLoraSet(m);
            assertEquals(new Shape(1, 3, 27), set.get("down.0.res.conv1").down().getShape());
            assertEquals(new Shape(1, 4, 3), set.get("mid.attn.q").up().getShape());
            Change back = Change.fromLoraSet(set, "again", MODEL, 1f, ChangeSource.PAIR, null, null);
            for (LoraSlot slot : SLOTS) {
                assertArrayEquals(change.factors().get(slot.name()).down(), back.factors().get(slot.name()).down());
                assertArrayEquals(change.factors().get(slot.name()).up(), back.factors().get(slot.name()).up());
            }
        }
    }

    @Test
    void aChangeForAnotherModelIsRefusedNamingBothModels() {
        Change change = sampleChange(2, 3);
        byte[] bytes = ChangeFile.toBytes(change);
        BaseModelIdentity other = new BaseModelIdentity("portrait-xl", "ffee0011", SLOTS);
        ChangeFileException e = assertThrows(ChangeFileException.class,
                () -> ChangeFile.parse(bytes, "sunset.loc.safetensors", other));
        assertTrue(e.getMessage().contains("loc-tiny") && e.getMessage().contains("portrait-xl"), e.getMessage());
        // Same name but other weights is another model too.
        BaseModelIdentity retrained = new BaseModelIdentity("loc-tiny", "99999999", SLOTS);
        ChangeFileException sameName = assertThrows(ChangeFileException.class,
                () -> ChangeFile.parse(bytes, "sunset.loc.safetensors", retrained));
        // ... and the message says so, rather than "open loc-tiny", which is the model already open.
        assertTrue(sameName.getMessage().contains("another version of \"loc-tiny\"")
                && sameName.getMessage().contains("99999999"), sameName.getMessage());
    }

    @Test
    void wrongShapesMissingSlotsUnknownLayersAndNonFiniteValuesAreRefused() {
        Change change = sampleChange(2, 4);
        assertRefused(change, "shape", tensors -> replace(tensors, "lora_unet_mid_attn_q.lora_up.weight",
                t -> Tensor.f32(t.name(), new long[] {2, 4}, t.toFloats())));
        assertRefused(change, "out.conv", tensors -> {
            tensors.removeIf(t -> t.name().startsWith("lora_unet_out_conv.lora_up"));
            return tensors;
        });
        assertRefused(change, "down_9", tensors -> {
            tensors.add(Tensor.f32("lora_unet_down_9_conv.lora_down.weight", new long[] {2, 3}, new float[6]));
            return tensors;
        });
        assertRefused(change, "NaN", tensors -> replace(tensors, "lora_unet_mid_attn_q.lora_down.weight",
                t -> poisoned(t, Float.NaN)));
        assertRefused(change, "Infinity", tensors -> replace(tensors, "lora_unet_down_0_res_conv1.lora_up.weight",
                t -> poisoned(t, Float.NEGATIVE_INFINITY)));
        assertRefused(change, "Infinity", tensors -> replace(tensors, "lora_unet_out_conv.alpha",
                t -> poisoned(t, Float.POSITIVE_INFINITY)));
    }

    @Test
    void fileWithoutTheFormatTagIsRefusedAndPickleIsNeverOpened(@TempDir Path dir) throws Exception {
        Change change = sampleChange(2, 5);
        SafeTensorsFile file = SafeTensors.parse(ChangeFile.toBytes(change), "x");
        Map<String, String> meta = new LinkedHashMap<>(file.metadata());
        meta.remove("format");
        byte[] untagged = SafeTensors.toBytes(meta, file.tensors());
        ChangeFileException e = assertThrows(ChangeFileException.class, () -> ChangeFile.parse(untagged, "u", MODEL));
        assertTrue(e.getMessage().contains("loc-change/1"), e.getMessage());
        // Judged by content: a pickle (PROTO 2 opcode) or a PyTorch zip is refused whatever it is called.
        byte[] pickle = {(byte) 0x80, 0x02, 'c', 't', 'o', 'r', 'c', 'h', '\n', '.', 0, 0};
        byte[] zip = {'P', 'K', 3, 4, 20, 0, 0, 0, 8, 0, 0, 0};
        for (String name : List.of("change.ckpt", "model.PT", "lora.loc.safetensors")) {
            for (byte[] content : List.of(pickle, zip)) {
                Path named = dir.resolve(name);
                Files.write(named, content);
                ChangeFileException p = assertThrows(ChangeFileException.class, () -> ChangeFile.read(named, MODEL));
                assertTrue(p.getMessage().contains("pickle"), p.getMessage());
                assertThrows(ChangeFileException.class, () -> ChangeFile.importLora(named, MODEL));
                assertThrows(ChangeFileException.class, () -> ChangeFile.readUnchecked(named));
            }
        }
        assertTrue(assertThrows(ChangeFileException.class, () -> ChangeFile.parse(pickle, "x", MODEL))
                .getMessage().contains("pickle"));
    }

    @Test
    void aValidChangeFileRenamedLikeAPickleIsReadAsTheChangeItIs(@TempDir Path dir) throws Exception {
        Change change = sampleChange(2, 14);
        for (String name : List.of("sunset.pt", "sunset.ckpt", "sunset.bin")) {
            Path file = dir.resolve(name);
            Files.write(file, ChangeFile.toBytes(change));
            assertEquals(change.name(), ChangeFile.read(file, MODEL).name());
            assertEquals(change.name(), ChangeFile.readUnchecked(file).name());
        }
    }

    @Test
    void aFileLargerThanAnyChangeForTheModelIsRefusedUnread(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("huge.loc.safetensors");
        try (java.io.RandomAccessFile sparse = new java.io.RandomAccessFile(file.toFile(), "rw")) {
            sparse.setLength(ChangeFile.maxFileBytes(MODEL) + 1);
        }
        ChangeFileException e = assertThrows(ChangeFileException.class, () -> ChangeFile.read(file, MODEL));
        assertTrue(e.getMessage().contains("MB"), e.getMessage());
        Path normal = dir.resolve("normal.loc.safetensors");
        ChangeFile.write(normal, sampleChange(2, 9));
        assertTrue(Files.size(normal) < ChangeFile.maxFileBytes(MODEL));
    }

    @Test
    void perSlotAlphasAreFoldedIntoTheUpMatrices() throws Exception {
        Change change = sampleChange(2, 7);
        byte[] bytes = rewrite(change, tensors -> replace(tensors, "lora_unet_out_conv.alpha",
                t -> Tensor.f32(t.name(), new long[0], new float[] {4f})));
        Change read = ChangeFile.parse(bytes, "c", MODEL);
        assertEquals(2f, read.alpha());
        float[] original = change.factors().get("out.conv").up();
        float[] folded = read.factors().get("out.conv").up();
        for (int i = 0; i < original.length; i++) {
            assertEquals(original[i] * 2f, folded[i], 1e-6f);
        }
    }

    private static void assertRefused(Change change, String mention, UnaryOperator<List<Tensor>> edit) {
        byte[] bytes = rewrite(change, edit);
        ChangeFileException e = assertThrows(ChangeFileException.class, () -> ChangeFile.parse(bytes, "c", MODEL));
        assertTrue(e.getMessage().contains(mention), e.getMessage());
    }

    private static byte[] rewrite(Change change, UnaryOperator<List<Tensor>> edit) {
        try {
            SafeTensorsFile file = SafeTensors.parse(ChangeFile.toBytes(change), "c");
            return sealed(file.metadata(), edit.apply(new ArrayList<>(file.tensors())));
        } catch (Exception e) {
            throw new AssertionError(e);
        }
    }

    /**
     * A file of {@code meta} and {@code tensors} with checksums that match them, as a writer that made exactly
     * this file would seal it: what is refused then is refused by the check under test, not by the checksum.
     */
    static byte[] sealed(Map<String, String> meta, List<Tensor> tensors) {
        Map<String, String> resealed = new LinkedHashMap<>(meta);
        resealed.remove(ChangeChecksums.KEY_TENSOR_SHA256);
        resealed.remove(ChangeChecksums.KEY_METADATA_SHA256);
        ChangeChecksums.seal(resealed, tensors);
        return SafeTensors.toBytes(resealed, tensors);
    }

    private static List<Tensor> replace(List<Tensor> tensors, String name, UnaryOperator<Tensor> change) {
        tensors.replaceAll(t -> t.name().equals(name) ? change.apply(t) : t);
        return tensors;
    }

    private static Tensor poisoned(Tensor t, float value) {
        float[] values = t.toFloats();
        values[values.length - 1] = value;
        return Tensor.f32(t.name(), t.shape(), values);
    }
}
