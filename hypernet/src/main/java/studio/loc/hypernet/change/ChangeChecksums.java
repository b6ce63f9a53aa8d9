package studio.loc.hypernet.change;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import studio.loc.diffusion.tensor.Tensor;

/**
 * Makes a change file's damage detectable. {@code loc_tensor_sha256} is the SHA-256 of the tensors' data bytes in
 * data-offset order (for a file LoC Studio writes, exactly the data section after the header);
 * {@code loc_metadata_sha256} is the SHA-256 of every other metadata entry, sorted by key, each as UTF-8 key, a zero
 * byte, UTF-8 value, a zero byte. The container's own checks catch a damaged header, but a flipped bit inside a
 * float or a base64 table is still a valid number; these sums catch it.
 *
 * <p>A file without a sum (written before they existed, or by another LoRA tool) is read as before; a file with
 * one must match it. Readers that do not know the keys ignore them, so they need no new format tag.
 */
final class ChangeChecksums {

    static final String KEY_TENSOR_SHA256 = "loc_tensor_sha256";
    static final String KEY_METADATA_SHA256 = "loc_metadata_sha256";

    private ChangeChecksums() {
    }

    /** Adds both sums to {@code meta} (which must not hold them yet). */
    static void seal(Map<String, String> meta, List<Tensor> tensors) {
        String metadataSum = metadataSha256(meta);
        meta.put(KEY_TENSOR_SHA256, tensorSha256(tensors));
        meta.put(KEY_METADATA_SHA256, metadataSum);
    }

    /** Refuses a file whose data or metadata does not match the sums it carries. */
    static void verify(Map<String, String> meta, List<Tensor> tensorsInOffsetOrder, String source)
            throws ChangeFileException {
        String tensors = meta.get(KEY_TENSOR_SHA256);
        if (tensors != null && !tensors.equalsIgnoreCase(tensorSha256(tensorsInOffsetOrder))) {
            throw new ChangeFileException(source + " is damaged: its weights do not match the checksum stored with "
                    + "them (" + KEY_TENSOR_SHA256 + "), so some bytes changed after it was saved. The file is "
                    + "damaged or was not made by LoC Studio; use an intact copy or learn the change again.");
        }
        String metadata = meta.get(KEY_METADATA_SHA256);
        if (metadata != null && !metadata.equalsIgnoreCase(metadataSha256(meta))) {
            throw new ChangeFileException(source + " is damaged: its metadata (name, thumbnails, fitted filter and "
                    + "colour table) does not match the checksum stored with it (" + KEY_METADATA_SHA256 + "). The "
                    + "file is damaged or was edited by another tool; use an intact copy or learn the change again.");
        }
    }

    static String tensorSha256(List<Tensor> tensors) {
        MessageDigest digest = sha256();
        for (Tensor tensor : tensors) {
            digest.update(tensor.data());
        }
        return HexFormat.of().formatHex(digest.digest());
    }

    /** Over every entry but the two sums, in key order, so the JSON layout of the header does not matter. */
    static String metadataSha256(Map<String, String> meta) {
        MessageDigest digest = sha256();
        for (Map.Entry<String, String> entry : new TreeMap<>(meta).entrySet()) {
            if (entry.getKey().equals(KEY_TENSOR_SHA256) || entry.getKey().equals(KEY_METADATA_SHA256)) {
                continue;
            }
            digest.update(entry.getKey().getBytes(StandardCharsets.UTF_8));
            digest.update((byte) 0);
            digest.update(entry.getValue().getBytes(StandardCharsets.UTF_8));
            digest.update((byte) 0);
        }
        return HexFormat.of().formatHex(digest.digest());
    }

    private static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java runtime has SHA-256", e);
        }
    }
}
