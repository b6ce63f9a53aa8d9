package studio.loc.hypernet.change;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.Base64;
import java.util.Map;

/**
 * Typed values in a change file's string metadata, each parse refusing with a message that names the key. Arrays
 * are base64 little-endian float32, the byte layout of a safetensors F32 tensor.
 */
final class MetadataValues {

    private MetadataValues() {
    }

    static int positiveInt(Map<String, String> meta, String key, String source) throws ChangeFileException {
        String value = meta.get(key);
        try {
            int parsed = Integer.parseInt(value == null ? "" : value.trim());
            if (parsed >= 1) {
                return parsed;
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        throw new ChangeFileException(source + ": metadata \"" + key + "\" must be a positive whole number, got "
                + (value == null ? "nothing" : "\"" + value + "\""));
    }

    static float finiteFloat(Map<String, String> meta, String key, String source) throws ChangeFileException {
        String value = meta.get(key);
        try {
            float parsed = Float.parseFloat(value.trim());
            if (Float.isFinite(parsed)) {
                return parsed;
            }
        } catch (NumberFormatException | NullPointerException e) {
            // reported below
        }
        throw new ChangeFileException(source + ": metadata \"" + key + "\" must be a number, got \"" + value + "\"");
    }

    /** A number in [{@code min}, {@code max}]; {@code why} ends the refusal ("…, got x; why"). */
    static float floatIn(Map<String, String> meta, String key, float min, float max, String source)
            throws ChangeFileException {
        float value = finiteFloat(meta, key, source);
        if (value < min || value > max) {
            throw new ChangeFileException(source + ": metadata \"" + key + "\" must be between " + min + " and "
                    + max + ", got " + value + "; the file is damaged or was not made by LoC Studio.");
        }
        return value;
    }

    /** Base64 little-endian float32 values, each within ±{@code limit}. */
    static float[] floats(Map<String, String> meta, String key, float limit, String source)
            throws ChangeFileException {
        byte[] bytes;
        try {
            bytes = Base64.getDecoder().decode(meta.get(key));
        } catch (IllegalArgumentException e) {
            throw new ChangeFileException(source + ": metadata \"" + key + "\" is not base64 text", e);
        }
        if (bytes.length % Float.BYTES != 0) {
            throw new ChangeFileException(source + ": metadata \"" + key + "\" is not a whole number of floats");
        }
        float[] values = new float[bytes.length / Float.BYTES];
        ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN).asFloatBuffer().get(values);
        for (float v : values) {
            if (!(Math.abs(v) <= limit)) {
                throw new ChangeFileException(source + ": metadata \"" + key + "\" holds " + v
                        + ", out of range (at most ±" + limit + "); the file is damaged.");
            }
        }
        return values;
    }

    static String encodeFloats(float[] values) {
        ByteBuffer bytes = ByteBuffer.allocate(values.length * Float.BYTES).order(ByteOrder.LITTLE_ENDIAN);
        bytes.asFloatBuffer().put(values);
        return Base64.getEncoder().encodeToString(bytes.array());
    }
}
