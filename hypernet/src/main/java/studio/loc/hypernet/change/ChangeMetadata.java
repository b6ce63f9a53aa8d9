package studio.loc.hypernet.change;

import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.Arrays;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import studio.loc.diffusion.pairfit.FittedChange;

/**
 * The metadata schema of a change file: {@code format}, {@code name}, {@code base_model} and
 * {@code base_model_sha256}, {@code rank}, {@code alpha}, {@code default_strength}, {@code created},
 * {@code source}, base64 PNG thumbnails, kohya's {@code ss_network_dim} / {@code ss_network_alpha}; the fitted part
 * ({@link FittedPartCodec}) and the checksums ({@link ChangeChecksums}) beside them. Writes the whole map and reads
 * back each field, validated.
 */
final class ChangeMetadata {

    static final String FORMAT = "loc-change/1";
    /**
     * The format of a change whose fitted part has a gain map. A reader of {@link #FORMAT} alone would ignore the
     * gain keys and apply the change without its vignette; with this tag it refuses the file and says it is newer.
     */
    static final String FORMAT_WITH_GAIN = "loc-change/2";
    /**
     * The format of a change whose fitted part has curves per channel or a pixel kernel: a reader of the older tags
     * would ignore them and apply a posterize as a smooth grade or an emboss as no change, so it refuses the file.
     */
    static final String FORMAT_WITH_CURVES = "loc-change/3";
    static final String EXTENSION = ".loc.safetensors";

    static final String KEY_FORMAT = "format";
    static final String KEY_BASE_MODEL = "base_model";
    static final String KEY_BASE_MODEL_SHA256 = "base_model_sha256";
    static final String KEY_RANK = "rank";
    static final String KEY_ALPHA = "alpha";
    static final String KEY_DEFAULT_STRENGTH = "default_strength";
    static final String KEY_CREATED = "created";
    static final String KEY_NAME = "name";
    static final String KEY_SOURCE = "source";
    static final String KEY_THUMBNAIL_BEFORE = "thumbnail_before";
    static final String KEY_THUMBNAIL_AFTER = "thumbnail_after";
    /** The strengths a change can be applied with (the GUI slider's and {@code apply --strength}'s range). */
    static final float MIN_STRENGTH = -1;
    static final float MAX_STRENGTH = 2;

    private static final byte[] PNG_SIGNATURE = {(byte) 0x89, 'P', 'N', 'G', '\r', '\n', 0x1a, '\n'};

    private ChangeMetadata() {
    }

    /** The complete metadata of {@code change}'s file, checksums over {@code tensors} included. */
    static Map<String, String> of(Change change, List<studio.loc.diffusion.tensor.Tensor> tensors) {
        Map<String, String> meta = new LinkedHashMap<>();
        boolean hasGain = change.fitted().map(FittedPartCodec::hasGain).orElse(false);
        boolean hasCurves = change.fitted().map(f -> f.hasCurves() || f.hasKernel()).orElse(false);
        meta.put(KEY_FORMAT, hasCurves ? FORMAT_WITH_CURVES : hasGain ? FORMAT_WITH_GAIN : FORMAT);
        meta.put(KEY_NAME, change.name());
        meta.put(KEY_BASE_MODEL, change.baseModel());
        meta.put(KEY_BASE_MODEL_SHA256, change.baseModelSha256());
        meta.put(KEY_RANK, Integer.toString(change.rank()));
        meta.put(KEY_ALPHA, Float.toString(change.alpha()));
        meta.put(KEY_DEFAULT_STRENGTH, Float.toString(change.defaultStrength()));
        meta.put(KEY_CREATED, change.created().toString());
        meta.put(KEY_SOURCE, change.source().tag());
        meta.put(KEY_THUMBNAIL_BEFORE, Base64.getEncoder().encodeToString(change.beforeThumbnailPng()));
        meta.put(KEY_THUMBNAIL_AFTER, Base64.getEncoder().encodeToString(change.afterThumbnailPng()));
        change.fitted().ifPresent(fitted -> FittedPartCodec.write(fitted, meta));
        // What kohya-style tools show for a LoRA's size.
        meta.put("ss_network_dim", Integer.toString(change.rank()));
        meta.put("ss_network_alpha", Float.toString(change.alpha()));
        ChangeChecksums.seal(meta, tensors);
        return meta;
    }

    /** Refuses a file that is not a LoC change file, or one of a format this version does not know. */
    static void requireLocFormat(Map<String, String> meta, String source) throws ChangeFileException {
        String format = meta.get(KEY_FORMAT);
        if (format == null) {
            throw new ChangeFileException(source + " is not a LoC Studio change file (its metadata has no "
                    + "format = " + FORMAT + " tag). To use a LoRA from another tool, import it instead.");
        }
        if (!format.equals(FORMAT) && !format.equals(FORMAT_WITH_GAIN) && !format.equals(FORMAT_WITH_CURVES)) {
            throw new ChangeFileException(source + " has format \"" + format + "\", but this version of LoC Studio "
                    + "reads " + FORMAT + ", " + FORMAT_WITH_GAIN + " and " + FORMAT_WITH_CURVES + "; it may have "
                    + "been written by a newer version.");
        }
    }

    static boolean isLocFile(Map<String, String> meta) {
        return meta.containsKey(KEY_FORMAT);
    }

    static int rank(Map<String, String> meta, String source) throws ChangeFileException {
        return MetadataValues.positiveInt(meta, KEY_RANK, source);
    }

    /** The file-wide alpha ({@code alpha}, else kohya's {@code ss_network_alpha}), else the rank. */
    static float alpha(Map<String, String> meta, int rank, String source) throws ChangeFileException {
        for (String key : List.of(KEY_ALPHA, "ss_network_alpha")) {
            if (meta.containsKey(key)) {
                return MetadataValues.finiteFloat(meta, key, source);
            }
        }
        return rank;
    }

    static float defaultStrength(Map<String, String> meta, String source) throws ChangeFileException {
        return meta.containsKey(KEY_DEFAULT_STRENGTH)
                ? MetadataValues.floatIn(meta, KEY_DEFAULT_STRENGTH, MIN_STRENGTH, MAX_STRENGTH, source) : 1f;
    }

    /** The change's name, else the file's name without its extension. */
    static String name(Map<String, String> meta, String source) {
        return meta.getOrDefault(KEY_NAME, fileStem(source));
    }

    static Instant created(Map<String, String> meta, String source) throws ChangeFileException {
        String value = meta.get(KEY_CREATED);
        if (value == null) {
            return Instant.EPOCH;
        }
        try {
            return Instant.parse(value);
        } catch (DateTimeParseException e) {
            throw new ChangeFileException(source + ": metadata \"created\" is not a date (ISO-8601), got \"" + value
                    + "\"", e);
        }
    }

    static ChangeSource origin(Map<String, String> meta, String source) throws ChangeFileException {
        String value = meta.getOrDefault(KEY_SOURCE, ChangeSource.TRAINED.tag());
        ChangeSource origin = ChangeSource.fromTag(value);
        if (origin == null) {
            throw new ChangeFileException(source + ": metadata \"source\" must be \"pair\" or \"trained\", got \""
                    + value + "\"");
        }
        return origin;
    }

    /** The PNG under {@code key}, or none. */
    static byte[] thumbnail(Map<String, String> meta, String key, String source) throws ChangeFileException {
        String value = meta.get(key);
        if (value == null || value.isEmpty()) {
            return new byte[0];
        }
        byte[] png;
        try {
            png = Base64.getDecoder().decode(value);
        } catch (IllegalArgumentException e) {
            throw new ChangeFileException(source + ": metadata \"" + key + "\" is not base64 text", e);
        }
        if (png.length < PNG_SIGNATURE.length
                || !Arrays.equals(Arrays.copyOf(png, PNG_SIGNATURE.length), PNG_SIGNATURE)) {
            throw new ChangeFileException(source + ": metadata \"" + key + "\" is not a PNG image");
        }
        return png;
    }

    static String fileStem(String source) {
        String lower = source.toLowerCase(Locale.ROOT);
        for (String ext : List.of(EXTENSION, ".safetensors")) {
            if (lower.endsWith(ext)) {
                return source.substring(0, source.length() - ext.length());
            }
        }
        return source;
    }
}
