package studio.loc.diffusion.tensor;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SafeTensorsTest {

    @TempDir
    Path dir;

    private static List<Tensor> sampleTensors() {
        return List.of(
                Tensor.f32("z.weight", new long[] {2, 3}, new float[] {1.5f, -2f, 0f, 3.25f, 1e-3f, -7f}),
                Tensor.f16("a.half", new long[] {3}, new float[] {0.5f, -1.25f, 65504f}),
                Tensor.bf16("m.bf", new long[] {2}, new float[] {1f, -3.5f}),
                Tensor.i64("steps", new long[] {2}, new long[] {Long.MAX_VALUE, -4}),
                Tensor.u8("mask", new long[] {1, 3}, new byte[] {0, (byte) 200, (byte) 255}),
                Tensor.f32("scalar.alpha", new long[] {}, new float[] {8f}));
    }

    private static Map<String, String> sampleMetadata() {
        Map<String, String> metadata = new LinkedHashMap<>();
        metadata.put("format", "loc-change");
        metadata.put("note", "Ünïcödé \"quoted\" \n line");
        return metadata;
    }

    @Test
    void roundTripKeepsMetadataOrderAndValues() throws IOException {
        Path file = dir.resolve("model.safetensors");
        SafeTensors.write(file, sampleMetadata(), sampleTensors());
        SafeTensorsFile read = SafeTensors.read(file);

        assertEquals(sampleMetadata(), read.metadata());
        assertEquals(List.of("z.weight", "a.half", "m.bf", "steps", "mask", "scalar.alpha"), read.names());
        assertEquals(sampleTensors(), read.tensors());
        assertArrayEquals(new float[] {1.5f, -2f, 0f, 3.25f, 1e-3f, -7f}, read.get("z.weight").toFloats());
        assertArrayEquals(new float[] {0.5f, -1.25f, 65504f}, read.get("a.half").toFloats());
        assertArrayEquals(new float[] {1f, -3.5f}, read.get("m.bf").toFloats());
        assertArrayEquals(new long[] {Long.MAX_VALUE, -4}, read.get("steps").toLongs());
        assertArrayEquals(new float[] {0f, 200f, 255f}, read.get("mask").toFloats());
        assertArrayEquals(new long[] {}, read.get("scalar.alpha").shape());
        assertEquals(1, read.get("scalar.alpha").elementCount());
        assertEquals(DType.I64, read.get("steps").dtype());
        assertTrue(read.contains("mask"));
        assertFalse(read.contains("nope"));
        IllegalArgumentException missing = assertThrows(IllegalArgumentException.class, () -> read.get("nope"));
        assertTrue(missing.getMessage().contains("nope"));

        byte[] bytes = Files.readAllBytes(file);
        long headerLength = ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN).getLong();
        assertEquals(0, (8 + headerLength) % 8, "header padded to a multiple of 8");
        assertArrayEquals(bytes, SafeTensors.toBytes(sampleMetadata(), sampleTensors()));
        assertEquals(sampleTensors(), SafeTensors.parse(bytes, "mem").tensors());
        try (var listing = Files.list(dir)) {
            assertEquals(List.of(file), listing.toList(), "no temp file left behind");
        }
    }

    @Test
    void halfPrecisionRoundsToNearest() {
        float[] values = {1f / 3f, 1e-8f, 70000f, -0f};
        float[] half = Tensor.f16("h", new long[] {4}, values).toFloats();
        assertEquals(0.33325195f, half[0]);
        assertEquals(0f, half[1]);
        assertEquals(Float.POSITIVE_INFINITY, half[2]);
        float[] bf = Tensor.bf16("b", new long[] {1}, new float[] {1f / 3f}).toFloats();
        assertEquals(0.333984375f, bf[0]);
    }

    @Test
    void everyHalfAndBfloatBitPatternWidensExactly() {
        byte[] all = new byte[2 << 16];
        for (int bits = 0; bits < 1 << 16; bits++) {
            all[2 * bits] = (byte) bits;
            all[2 * bits + 1] = (byte) (bits >> 8);
        }
        float[] half = new Tensor("h", DType.F16, new long[] {1 << 16}, all).toFloats();
        float[] bfloat = new Tensor("b", DType.BF16, new long[] {1 << 16}, all).toFloats();
        for (int bits = 0; bits < 1 << 16; bits++) {
            assertEquals(Float.floatToIntBits(Float.float16ToFloat((short) bits)), Float.floatToIntBits(half[bits]), "F16 " + bits);
            assertEquals(Float.floatToIntBits(Float.intBitsToFloat(bits << 16)), Float.floatToIntBits(bfloat[bits]), "BF16 " + bits);
        }
    }

    @Test
    void tensorRejectsDataOfTheWrongSize() {
        assertThrows(IllegalArgumentException.class, () -> new Tensor("t", DType.F32, new long[] {2}, new byte[4]));
        assertThrows(IllegalStateException.class, () -> Tensor.f32("t", new long[] {1}, new float[] {1}).toLongs());
    }

    @Test
    void aFailedWriteLeavesNothingBehindAndSaysWhy() throws IOException {
        Path occupied = Files.createDirectory(dir.resolve("model.safetensors"));
        Files.writeString(occupied.resolve("keep.txt"), "a folder where the file should go");
        IOException e = assertThrows(IOException.class, () -> SafeTensors.write(occupied, Map.of(), sampleTensors()));
        assertTrue(e.getMessage().contains("model.safetensors"), e.getMessage());
        try (var listing = Files.list(dir)) {
            assertEquals(List.of(occupied), listing.toList(), "the temporary file is removed");
        }
        IOException missing = assertThrows(IOException.class,
                () -> SafeTensors.write(dir.resolve("nowhere").resolve("x.safetensors"), Map.of(), sampleTensors()));
        assertTrue(missing.getMessage().contains("does not exist"), missing.getMessage());
    }

    @Test
    void findsNonFiniteValues() {
        assertTrue(Tensor.f32("ok", new long[] {2}, new float[] {1, -1}).allFinite());
        assertFalse(Tensor.f32("nan", new long[] {2}, new float[] {1, Float.NaN}).allFinite());
        assertFalse(Tensor.f16("inf", new long[] {1}, new float[] {1e6f}).allFinite());
        assertFalse(Tensor.bf16("nan", new long[] {1}, new float[] {Float.NaN}).allFinite());
    }

    @Test
    void overwritesAnExistingFileAtomically() throws IOException {
        Path file = dir.resolve("change.loc.safetensors");
        Files.writeString(file, "old");
        SafeTensors.write(file, Map.of(), List.of(Tensor.f32("x", new long[] {1}, new float[] {4})));
        assertArrayEquals(new float[] {4}, SafeTensors.read(file).get("x").toFloats());
    }

    @Test
    void interoperatesWithFilesWrittenByOtherTools() throws IOException {
        // What Python's safetensors writes for {"b": [[1, 2]], "a": [-0.5]} with metadata: compact JSON, metadata first,
        // tensors sorted, header padded with spaces so the data starts on an 8-byte boundary.
        String json = "{\"__metadata__\":{\"format\":\"pt\"},\"a\":{\"dtype\":\"F32\",\"shape\":[1],\"data_offsets\":[0,4]},"
                + "\"b\":{\"dtype\":\"F32\",\"shape\":[1,2],\"data_offsets\":[4,12]}}";
        byte[] jsonBytes = json.getBytes(StandardCharsets.UTF_8);
        int padded = (jsonBytes.length + 7) / 8 * 8;
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.writeBytes(le64(padded));
        out.writeBytes(jsonBytes);
        for (int i = jsonBytes.length; i < padded; i++) {
            out.write(' ');
        }
        // -0.5f = 0xBF000000, 1f = 0x3F800000, 2f = 0x40000000, little-endian
        out.writeBytes(new byte[] {0, 0, 0, (byte) 0xBF, 0, 0, (byte) 0x80, 0x3F, 0, 0, 0, 0x40});
        Path file = dir.resolve("python.safetensors");
        Files.write(file, out.toByteArray());

        SafeTensorsFile read = SafeTensors.read(file);
        assertEquals(Map.of("format", "pt"), read.metadata());
        assertEquals(List.of("a", "b"), read.names());
        assertArrayEquals(new float[] {-0.5f}, read.get("a").toFloats());
        assertArrayEquals(new float[] {1f, 2f}, read.get("b").toFloats());
        assertArrayEquals(new long[] {1, 2}, read.get("b").shape());
    }

    @Test
    void namesAreInDataOffsetOrderEvenWhenTheHeaderIsNot() throws IOException {
        byte[] file = fileWith("{\"late\":{\"dtype\":\"U8\",\"shape\":[1],\"data_offsets\":[1,2]},"
                + "\"early\":{\"dtype\":\"U8\",\"shape\":[1],\"data_offsets\":[0,1]}}", new byte[] {7, 9});
        SafeTensorsFile read = SafeTensors.parse(file, "x");
        assertEquals(List.of("early", "late"), read.names());
        assertArrayEquals(new long[] {9}, read.get("late").toLongs());
    }

    // ---- malformations -----------------------------------------------------------------------------------------

    private static final String GOOD_ENTRY = "\"t\":{\"dtype\":\"F32\",\"shape\":[2],\"data_offsets\":[0,8]}";

    @Test
    void truncatedFilesAreRefused() throws IOException {
        byte[] good = fileWith("{" + GOOD_ENTRY + "}", new byte[8]);
        assertFormatError(new byte[0], "shorter than");
        assertFormatError(new byte[5], "shorter than");
        assertFormatError(java.util.Arrays.copyOf(good, 20), "truncated");
        assertFormatError(java.util.Arrays.copyOf(good, good.length - 1), "outside");
        Path file = dir.resolve("cut.safetensors");
        Files.write(file, java.util.Arrays.copyOf(good, good.length - 3));
        SafeTensorsFormatException e = assertThrows(SafeTensorsFormatException.class, () -> SafeTensors.read(file));
        assertTrue(e.getMessage().contains("cut.safetensors"), e.getMessage());
    }

    @Test
    void hugeHeaderLengthsAreRefusedBeforeAllocating() {
        byte[] file = fileWith("{" + GOOD_ENTRY + "}", new byte[8]);
        for (long claimed : new long[] {-1L, Long.MAX_VALUE, 1L << 40, SafeTensors.DEFAULT_MAX_HEADER_BYTES + 1, file.length}) {
            byte[] copy = file.clone();
            System.arraycopy(le64(claimed), 0, copy, 0, 8);
            assertFormatError(copy, "header claims");
        }
    }

    @Test
    void overlappingOrOutOfRangeOffsetsAreRefused() {
        assertFormatError(fileWith("{\"a\":{\"dtype\":\"F32\",\"shape\":[1],\"data_offsets\":[0,4]},"
                + "\"b\":{\"dtype\":\"F32\",\"shape\":[1],\"data_offsets\":[2,6]}}", new byte[8]), "overlap");
        assertFormatError(fileWith("{\"a\":{\"dtype\":\"F32\",\"shape\":[2],\"data_offsets\":[0,8]}}", new byte[4]), "outside");
        assertFormatError(fileWith("{\"a\":{\"dtype\":\"F32\",\"shape\":[1],\"data_offsets\":[-4,0]}}", new byte[4]), "outside");
        assertFormatError(fileWith("{\"a\":{\"dtype\":\"F32\",\"shape\":[0],\"data_offsets\":[4,0]}}", new byte[4]), "outside");
        assertFormatError(fileWith("{\"a\":{\"dtype\":\"F32\",\"shape\":[1],\"data_offsets\":[0,4,8]}}", new byte[8]), "more than 2");
        assertFormatError(fileWith("{\"a\":{\"dtype\":\"F32\",\"shape\":[1],\"data_offsets\":[0]}}", new byte[8]), "exactly 2");
        assertFormatError(fileWith("{\"a\":{\"dtype\":\"F32\",\"shape\":[1],\"data_offsets\":[0,99999999999999999999]}}",
                new byte[8]), "not a 64-bit integer");
    }

    @Test
    void unknownDtypeAndShapeMismatchAreRefused() {
        assertFormatError(fileWith("{\"a\":{\"dtype\":\"F8_E4M3\",\"shape\":[1],\"data_offsets\":[0,1]}}", new byte[1]), "unknown dtype");
        assertFormatError(fileWith("{\"a\":{\"dtype\":\"F32\",\"shape\":[3],\"data_offsets\":[0,8]}}", new byte[8]), "needs 12 bytes");
        assertFormatError(fileWith("{\"a\":{\"dtype\":\"F32\",\"shape\":[-2],\"data_offsets\":[0,8]}}", new byte[8]), "negative");
        assertFormatError(fileWith("{\"a\":{\"dtype\":\"F32\",\"shape\":[4294967296,4294967296],\"data_offsets\":[0,0]}}",
                new byte[8]), "too large");
        assertFormatError(fileWith("{\"a\":{\"dtype\":\"F32\",\"shape\":[1.5],\"data_offsets\":[0,8]}}", new byte[8]), "not a 64-bit");
        assertFormatError(fileWith("{\"a\":{\"shape\":[2],\"data_offsets\":[0,8]}}", new byte[8]), "lacks dtype");
    }

    @Test
    void badUtf8AndBadJsonAreRefused() {
        byte[] file = fileWith("{\"t\u00e9\":{\"dtype\":\"F32\",\"shape\":[2],\"data_offsets\":[0,8]}}", new byte[8]);
        int at = indexOf(file, (byte) 0xC3);
        file[at] = (byte) 0xFF;
        assertFormatError(file, "UTF-8");
        assertFormatError(fileWith("[1,2]", new byte[0]), "not a JSON object");
        assertFormatError(fileWith("\"text\"", new byte[0]), "not a JSON object");
        assertFormatError(fileWith("{" + GOOD_ENTRY, new byte[8]), "not valid JSON");
        assertFormatError(fileWith("{t:{}}", new byte[8]), "not valid JSON");
        assertFormatError(fileWith("{" + GOOD_ENTRY + "} {}", new byte[8]), "JSON");
        assertFormatError(fileWith("{" + GOOD_ENTRY + "," + GOOD_ENTRY + "}", new byte[8]), "twice");
        assertFormatError(fileWith("[".repeat(5000), new byte[0]), "not a JSON object");
        assertFormatError(fileWith("{\"x\":{\"junk\":" + "[".repeat(5000) + "}}", new byte[0]), "JSON");
    }

    @Test
    void wrongJsonTypesAreRefused() {
        assertFormatError(fileWith("{\"a\":[1]}", new byte[0]), "JSON object");
        assertFormatError(fileWith("{\"a\":{\"dtype\":5,\"shape\":[1],\"data_offsets\":[0,4]}}", new byte[4]), "dtype must be a string");
        assertFormatError(fileWith("{\"a\":{\"dtype\":\"F32\",\"shape\":\"1\",\"data_offsets\":[0,4]}}", new byte[4]), "shape must be");
        assertFormatError(fileWith("{\"a\":{\"dtype\":\"F32\",\"shape\":[\"1\"],\"data_offsets\":[0,4]}}", new byte[4]), "must hold integers");
        assertFormatError(fileWith("{\"a\":{\"dtype\":\"F32\",\"shape\":[1],\"data_offsets\":null}}", new byte[4]), "data_offsets must be");
        assertFormatError(fileWith("{\"__metadata__\":{\"k\":1}}", new byte[0]), "must be a string");
        assertFormatError(fileWith("{\"__metadata__\":[\"k\"]}", new byte[0]), "__metadata__ must be a JSON object");
    }

    @Test
    void randomlyDamagedFilesGiveOnlyFormatErrors() {
        byte[] good = SafeTensors.toBytes(Map.of("k", "v"), List.of(
                Tensor.f32("w", new long[] {2, 2}, new float[] {1, 2, 3, 4}),
                Tensor.f16("h", new long[] {3}, new float[] {1, 2, 3}),
                Tensor.u8("u", new long[] {2}, new byte[] {1, 2})));
        java.util.Random random = new java.util.Random(20261123L);
        int parsed = 0;
        int refused = 0;
        for (int round = 0; round < 12_000; round++) {
            byte[] damaged = good.clone();
            switch (round % 4) {
                case 0 -> {
                    for (int flips = 1 + random.nextInt(3); flips > 0; flips--) {
                        damaged[random.nextInt(damaged.length)] ^= (byte) (1 << random.nextInt(8));
                    }
                }
                case 1 -> damaged = java.util.Arrays.copyOf(good, random.nextInt(good.length));
                case 2 -> damaged[random.nextInt(8)] = (byte) random.nextInt(256);
                default -> damaged[random.nextInt(damaged.length)] = (byte) random.nextInt(256);
            }
            try {
                SafeTensorsFile file = SafeTensors.parse(damaged, "damaged.safetensors");
                for (Tensor tensor : file.tensors()) {
                    tensor.toFloats();
                }
                parsed++;
            } catch (SafeTensorsFormatException e) {
                assertTrue(e.getMessage().startsWith("damaged.safetensors"), e.getMessage());
                refused++;
            }
        }
        assertTrue(refused > 1000, "most damage must be detected, refused only " + refused);
        assertTrue(parsed > 0, "damage inside tensor data is not detectable and must still parse");
    }

    // ---- helpers -----------------------------------------------------------------------------------------------

    private static void assertFormatError(byte[] file, String expectedFragment) {
        SafeTensorsFormatException e = assertThrows(SafeTensorsFormatException.class, () -> SafeTensors.parse(file, "bad.safetensors"));
        assertTrue(e.getMessage().startsWith("bad.safetensors"), e.getMessage());
        assertTrue(e.getMessage().contains(expectedFragment), "expected \"" + expectedFragment + "\" in: " + e.getMessage());
    }

    private static byte[] fileWith(String json, byte[] data) {
        byte[] header = json.getBytes(StandardCharsets.UTF_8);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.writeBytes(le64(header.length));
        out.writeBytes(header);
        out.writeBytes(data);
        return out.toByteArray();
    }

    private static byte[] le64(long value) {
        return ByteBuffer.allocate(8).order(ByteOrder.LITTLE_ENDIAN).putLong(value).array();
    }

    private static int indexOf(byte[] bytes, byte value) {
        for (int i = 0; i < bytes.length; i++) {
            if (bytes[i] == value) {
                return i;
            }
        }
        throw new AssertionError("byte not found");
    }
}
