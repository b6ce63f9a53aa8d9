package studio.loc.diffusion.tensor;

import com.google.gson.Strictness;
import com.google.gson.stream.JsonReader;
import com.google.gson.stream.JsonToken;
import java.io.IOException;
import java.io.StringReader;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Parses and validates a safetensors JSON header. It walks the JSON with a strict streaming reader instead of
 * binding it to objects, so that wrong types, duplicate keys and absurd numbers become a
 * {@link SafeTensorsFormatException} rather than a Gson, number or cast exception — and nothing is allocated for
 * tensor data until every entry has been checked against the real size of the data section.
 */
final class SafeTensorsHeader {

    static final String METADATA_KEY = "__metadata__";
    private static final int MAX_RANK = 64;

    /** One validated header entry; {@code begin}/{@code end} are offsets into the data section. */
    record Entry(String name, DType dtype, long[] shape, long begin, long end) {
        long byteLength() {
            return end - begin;
        }
    }

    final Map<String, String> metadata;
    /** Entries sorted by data offset, i.e. in file order. */
    final List<Entry> entries;

    private SafeTensorsHeader(Map<String, String> metadata, List<Entry> entries) {
        this.metadata = metadata;
        this.entries = entries;
    }

    /** Reads the unsigned little-endian header length from the first 8 bytes and checks it against the file size. */
    static int headerLength(ByteBuffer firstEight, long fileSize, String source) throws SafeTensorsFormatException {
        if (fileSize < 8) {
            throw SafeTensorsFormatException.of(source, "it is " + fileSize + " bytes long, shorter than the 8-byte header length");
        }
        long length = firstEight.order(java.nio.ByteOrder.LITTLE_ENDIAN).getLong(0);
        long limit = Math.min(SafeTensors.DEFAULT_MAX_HEADER_BYTES, fileSize - 8);
        if (length < 0 || length > limit) {
            String shown = Long.toUnsignedString(length);
            throw SafeTensorsFormatException.of(source, length < 0 || length > fileSize - 8
                    ? "the header claims " + shown + " bytes but only " + (fileSize - 8) + " follow (truncated or not safetensors)"
                    : "the header claims " + shown + " bytes, more than the " + SafeTensors.DEFAULT_MAX_HEADER_BYTES + "-byte limit");
        }
        return (int) length;
    }

    static SafeTensorsHeader parse(byte[] headerBytes, int offset, int length, long dataSize, String source)
            throws SafeTensorsFormatException {
        String json = decodeUtf8(headerBytes, offset, length, source);
        Map<String, String> metadata = new LinkedHashMap<>();
        List<Entry> entries = new ArrayList<>();
        Set<String> seen = new HashSet<>();
        try (JsonReader reader = new JsonReader(new StringReader(json))) {
            reader.setStrictness(Strictness.STRICT);
            if (reader.peek() != JsonToken.BEGIN_OBJECT) {
                throw SafeTensorsFormatException.of(source, "the header is not a JSON object");
            }
            reader.beginObject();
            while (reader.hasNext()) {
                String key = reader.nextName();
                if (!seen.add(key)) {
                    throw SafeTensorsFormatException.of(source, "the header names \"" + key + "\" twice");
                }
                if (key.equals(METADATA_KEY)) {
                    readMetadata(reader, metadata, source);
                } else {
                    entries.add(readEntry(reader, key, dataSize, source));
                }
            }
            reader.endObject();
            if (reader.peek() != JsonToken.END_DOCUMENT) {
                throw SafeTensorsFormatException.of(source, "the header has data after its JSON object");
            }
        } catch (SafeTensorsFormatException e) {
            throw e;
        } catch (IOException | IllegalStateException | NumberFormatException e) {
            // MalformedJsonException / EOFException (IOException), or a token of the wrong kind (IllegalStateException)
            throw new SafeTensorsFormatException(source + " is not a valid safetensors file: the header is not valid JSON ("
                    + e.getMessage() + ")", e);
        }
        entries.sort(Comparator.comparingLong(Entry::begin).thenComparingLong(Entry::end));
        Entry previous = null;
        for (Entry entry : entries) {
            if (previous != null && entry.begin() < previous.end()) {
                throw SafeTensorsFormatException.of(source, "tensors \"" + previous.name() + "\" and \"" + entry.name()
                        + "\" overlap in the data section");
            }
            previous = entry;
        }
        return new SafeTensorsHeader(metadata, List.copyOf(entries));
    }

    private static String decodeUtf8(byte[] bytes, int offset, int length, String source) throws SafeTensorsFormatException {
        try {
            CharBuffer chars = StandardCharsets.UTF_8.newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(bytes, offset, length));
            return chars.toString();
        } catch (CharacterCodingException e) {
            throw SafeTensorsFormatException.of(source, "the header is not valid UTF-8");
        }
    }

    private static void readMetadata(JsonReader reader, Map<String, String> metadata, String source)
            throws IOException {
        JsonToken token = reader.peek();
        if (token == JsonToken.NULL) {
            reader.nextNull();
            return;
        }
        if (token != JsonToken.BEGIN_OBJECT) {
            throw SafeTensorsFormatException.of(source, "__metadata__ must be a JSON object, found " + describe(token));
        }
        reader.beginObject();
        while (reader.hasNext()) {
            String key = reader.nextName();
            JsonToken valueToken = reader.peek();
            if (valueToken != JsonToken.STRING) {
                throw SafeTensorsFormatException.of(source, "__metadata__ value \"" + key + "\" must be a string, found "
                        + describe(valueToken));
            }
            if (metadata.put(key, reader.nextString()) != null) {
                throw SafeTensorsFormatException.of(source, "__metadata__ names \"" + key + "\" twice");
            }
        }
        reader.endObject();
    }

    private static Entry readEntry(JsonReader reader, String name, long dataSize, String source) throws IOException {
        String where = "tensor \"" + name + "\"";
        if (reader.peek() != JsonToken.BEGIN_OBJECT) {
            throw SafeTensorsFormatException.of(source, where + " must be described by a JSON object, found "
                    + describe(reader.peek()));
        }
        DType dtype = null;
        long[] shape = null;
        long[] offsets = null;
        reader.beginObject();
        while (reader.hasNext()) {
            String key = reader.nextName();
            switch (key) {
                case "dtype" -> {
                    if (dtype != null) {
                        throw SafeTensorsFormatException.of(source, where + " has two dtypes");
                    }
                    if (reader.peek() != JsonToken.STRING) {
                        throw SafeTensorsFormatException.of(source, where + ": dtype must be a string, found " + describe(reader.peek()));
                    }
                    String text = reader.nextString();
                    try {
                        dtype = DType.parse(text);
                    } catch (SafeTensorsFormatException e) {
                        throw SafeTensorsFormatException.of(source, where + " has an " + e.getMessage());
                    }
                }
                case "shape" -> {
                    if (shape != null) {
                        throw SafeTensorsFormatException.of(source, where + " has two shapes");
                    }
                    shape = readLongArray(reader, where + ": shape", MAX_RANK, source);
                }
                case "data_offsets" -> {
                    if (offsets != null) {
                        throw SafeTensorsFormatException.of(source, where + " has two data_offsets");
                    }
                    offsets = readLongArray(reader, where + ": data_offsets", 2, source);
                }
                default -> reader.skipValue(); // unknown keys are tolerated, as other readers do
            }
        }
        reader.endObject();
        if (dtype == null || shape == null || offsets == null) {
            throw SafeTensorsFormatException.of(source, where + " lacks "
                    + (dtype == null ? "dtype" : shape == null ? "shape" : "data_offsets"));
        }
        if (offsets.length != 2) {
            throw SafeTensorsFormatException.of(source, where + ": data_offsets must hold exactly 2 numbers");
        }
        long begin = offsets[0];
        long end = offsets[1];
        if (begin < 0 || end < begin || end > dataSize) {
            throw SafeTensorsFormatException.of(source, where + " has data_offsets [" + begin + ", " + end
                    + "] outside the " + dataSize + "-byte data section");
        }
        long bytes;
        try {
            bytes = dtype.byteSize();
            for (long dim : shape) {
                if (dim < 0) {
                    throw SafeTensorsFormatException.of(source, where + " has a negative dimension in shape " + Arrays.toString(shape));
                }
                bytes = Math.multiplyExact(bytes, dim);
            }
        } catch (ArithmeticException e) {
            throw SafeTensorsFormatException.of(source, where + " has a shape too large to exist: " + Arrays.toString(shape));
        }
        if (bytes != end - begin) {
            throw SafeTensorsFormatException.of(source, where + " of shape " + Arrays.toString(shape) + " and dtype " + dtype
                    + " needs " + bytes + " bytes but its data_offsets span " + (end - begin));
        }
        return new Entry(name, dtype, shape, begin, end);
    }

    private static long[] readLongArray(JsonReader reader, String what, int maxLength, String source) throws IOException {
        if (reader.peek() != JsonToken.BEGIN_ARRAY) {
            throw SafeTensorsFormatException.of(source, what + " must be an array of integers, found " + describe(reader.peek()));
        }
        long[] values = new long[maxLength];
        int count = 0;
        reader.beginArray();
        while (reader.hasNext()) {
            if (count == maxLength) {
                throw SafeTensorsFormatException.of(source, what + " has more than " + maxLength + " numbers");
            }
            if (reader.peek() != JsonToken.NUMBER) {
                throw SafeTensorsFormatException.of(source, what + " must hold integers, found " + describe(reader.peek()));
            }
            String text = reader.nextString(); // exact text: "1.0", "1e3" or "99999999999999999999" are refused
            try {
                values[count++] = Long.parseLong(text);
            } catch (NumberFormatException e) {
                throw SafeTensorsFormatException.of(source, what + " holds " + text + ", not a 64-bit integer");
            }
        }
        reader.endArray();
        return Arrays.copyOf(values, count);
    }

    private static String describe(JsonToken token) {
        return switch (token) {
            case BEGIN_ARRAY -> "an array";
            case BEGIN_OBJECT -> "an object";
            case STRING -> "a string";
            case NUMBER -> "a number";
            case BOOLEAN -> "a boolean";
            case NULL -> "null";
            default -> token.toString().toLowerCase(java.util.Locale.ROOT);
        };
    }
}
