package studio.loc.diffusion.image.metadata;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * The two JPEG marker segments Commons Imaging does not write: the ICC profile (APP2 "ICC_PROFILE", split into
 * numbered chunks of at most 65,519 bytes) and IPTC (APP13 "Photoshop 3.0", resource 0x0404); and reading IPTC back
 * from APP13. Segments are inserted right after the start marker and any APP0 (JFIF), where readers look for them.
 */
final class JpegSegments {

    private static final byte[] ICC_ID = "ICC_PROFILE\0".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] PHOTOSHOP_ID = "Photoshop 3.0\0".getBytes(StandardCharsets.US_ASCII);
    private static final int MAX_SEGMENT_PAYLOAD = 65533;
    private static final int ICC_CHUNK = MAX_SEGMENT_PAYLOAD - ICC_ID.length - 2;
    private static final int IPTC_RESOURCE = 0x0404;

    private JpegSegments() {
    }

    /** {@code jpeg} with {@code profile} embedded (APP2 segments). */
    static byte[] withIccProfile(byte[] jpeg, byte[] profile) {
        ByteArrayOutputStream segments = new ByteArrayOutputStream();
        int count = (profile.length + ICC_CHUNK - 1) / ICC_CHUNK;
        if (count > 255) {
            throw new IllegalArgumentException("an ICC profile of " + profile.length + " bytes does not fit in a JPEG");
        }
        for (int i = 0; i < count; i++) {
            int from = i * ICC_CHUNK;
            int to = Math.min(profile.length, from + ICC_CHUNK);
            byte[] payload = concat(ICC_ID, new byte[] {(byte) (i + 1), (byte) count},
                    Arrays.copyOfRange(profile, from, to));
            writeSegment(segments, 0xE2, payload);
        }
        return insert(jpeg, segments.toByteArray());
    }

    /** {@code jpeg} with the IPTC records {@code iim} in a Photoshop APP13 segment. */
    static byte[] withIptc(byte[] jpeg, byte[] iim) {
        ByteArrayOutputStream resource = new ByteArrayOutputStream();
        resource.writeBytes("8BIM".getBytes(StandardCharsets.US_ASCII));
        resource.write(IPTC_RESOURCE >> 8);
        resource.write(IPTC_RESOURCE & 0xFF);
        resource.write(0); // empty Pascal name, padded to an even length
        resource.write(0);
        writeInt(resource, iim.length);
        resource.writeBytes(iim);
        if (iim.length % 2 == 1) {
            resource.write(0);
        }
        byte[] payload = concat(PHOTOSHOP_ID, resource.toByteArray());
        if (payload.length > MAX_SEGMENT_PAYLOAD) {
            return jpeg; // IPTC larger than one segment is unheard of; dropping it beats a broken file
        }
        ByteArrayOutputStream segment = new ByteArrayOutputStream();
        writeSegment(segment, 0xED, payload);
        return insert(jpeg, segment.toByteArray());
    }

    /** The IPTC records of {@code jpeg}'s Photoshop APP13 segment, or null when it has none. */
    static byte[] iptcOf(byte[] jpeg) {
        int at = 2;
        while (at + 4 <= jpeg.length && (jpeg[at] & 0xFF) == 0xFF) {
            int marker = jpeg[at + 1] & 0xFF;
            if (marker == 0xDA || marker == 0xD9) {
                return null; // start of scan: no more metadata segments
            }
            int length = ((jpeg[at + 2] & 0xFF) << 8) | (jpeg[at + 3] & 0xFF);
            int payload = at + 4;
            int end = at + 2 + length;
            if (length < 2 || end > jpeg.length) {
                return null;
            }
            if (marker == 0xED && startsWith(jpeg, payload, PHOTOSHOP_ID)) {
                byte[] iim = resource(jpeg, payload + PHOTOSHOP_ID.length, end, IPTC_RESOURCE);
                if (iim != null) {
                    return iim;
                }
            }
            at = end;
        }
        return null;
    }

    /** Photoshop image resource {@code id} within {@code bytes[from, to)}, or null. */
    private static byte[] resource(byte[] bytes, int from, int to, int id) {
        int at = from;
        while (at + 12 <= to && startsWith(bytes, at, "8BIM".getBytes(StandardCharsets.US_ASCII))) {
            int resourceId = ((bytes[at + 4] & 0xFF) << 8) | (bytes[at + 5] & 0xFF);
            int nameLength = bytes[at + 6] & 0xFF;
            int sizeAt = at + 6 + ((nameLength + 2) & ~1); // Pascal string padded to even length
            if (sizeAt + 4 > to) {
                return null;
            }
            long size = ((bytes[sizeAt] & 0xFFL) << 24) | ((bytes[sizeAt + 1] & 0xFF) << 16)
                    | ((bytes[sizeAt + 2] & 0xFF) << 8) | (bytes[sizeAt + 3] & 0xFF);
            int data = sizeAt + 4;
            if (data + size > to) {
                return null;
            }
            if (resourceId == id) {
                return Arrays.copyOfRange(bytes, data, data + (int) size);
            }
            at = data + (int) ((size + 1) & ~1L);
        }
        return null;
    }

    /** Inserts {@code segments} after SOI and any APP0 segments. */
    private static byte[] insert(byte[] jpeg, byte[] segments) {
        int at = 2;
        while (at + 4 <= jpeg.length && (jpeg[at] & 0xFF) == 0xFF && (jpeg[at + 1] & 0xFF) == 0xE0) {
            at += 2 + (((jpeg[at + 2] & 0xFF) << 8) | (jpeg[at + 3] & 0xFF));
        }
        return concat(Arrays.copyOfRange(jpeg, 0, at), segments, Arrays.copyOfRange(jpeg, at, jpeg.length));
    }

    private static void writeSegment(ByteArrayOutputStream out, int marker, byte[] payload) {
        out.write(0xFF);
        out.write(marker);
        int length = payload.length + 2;
        out.write(length >> 8);
        out.write(length & 0xFF);
        out.writeBytes(payload);
    }

    private static void writeInt(ByteArrayOutputStream out, int value) {
        out.write(value >>> 24);
        out.write((value >>> 16) & 0xFF);
        out.write((value >>> 8) & 0xFF);
        out.write(value & 0xFF);
    }

    private static boolean startsWith(byte[] bytes, int at, byte[] prefix) {
        return at + prefix.length <= bytes.length
                && Arrays.equals(bytes, at, at + prefix.length, prefix, 0, prefix.length);
    }

    static byte[] concat(byte[]... parts) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (byte[] part : parts) {
            out.writeBytes(part);
        }
        return out.toByteArray();
    }
}
