package studio.loc.diffusion.image.metadata;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import studio.loc.diffusion.image.ImageFormat;

/**
 * The GPS directory's version field (tag 0), which Commons Imaging's reader skips (it takes tag 0 for padding):
 * read here from the file's TIFF structure, so the carried GPS block keeps the version it had. When it cannot be
 * found, 2.3.0.0 (the current GPS version, which exiftool writes too) stands in.
 */
final class GpsVersion {

    static final byte[] CURRENT = {2, 3, 0, 0};
    private static final int GPS_POINTER = 34853;

    private GpsVersion() {
    }

    /** The version in {@code file}'s GPS directory, or {@link #CURRENT}. */
    static byte[] of(byte[] file, ImageFormat format) {
        try {
            byte[] tiff = switch (format) {
                case TIFF -> file;
                case JPEG -> exifSegment(file);
                default -> null;
            };
            byte[] version = tiff == null ? null : fromTiff(ByteBuffer.wrap(tiff));
            return version == null ? CURRENT : version;
        } catch (RuntimeException malformed) {
            return CURRENT;
        }
    }

    private static byte[] fromTiff(ByteBuffer tiff) {
        tiff.order(tiff.get(0) == 'I' ? ByteOrder.LITTLE_ENDIAN : ByteOrder.BIG_ENDIAN);
        long gps = entryValue(tiff, tiff.getInt(4) & 0xFFFFFFFFL, GPS_POINTER);
        if (gps < 0) {
            return null;
        }
        int entries = tiff.getShort((int) gps) & 0xFFFF;
        for (int i = 0; i < entries; i++) {
            int at = (int) gps + 2 + 12 * i;
            if ((tiff.getShort(at) & 0xFFFF) == 0 && tiff.getInt(at + 4) == 4) {
                return new byte[] {tiff.get(at + 8), tiff.get(at + 9), tiff.get(at + 10), tiff.get(at + 11)};
            }
        }
        return null;
    }

    /** The LONG value of {@code tag} in the directory at {@code offset}, or -1. */
    private static long entryValue(ByteBuffer tiff, long offset, int tag) {
        int entries = tiff.getShort((int) offset) & 0xFFFF;
        for (int i = 0; i < entries; i++) {
            int at = (int) offset + 2 + 12 * i;
            if ((tiff.getShort(at) & 0xFFFF) == tag) {
                return tiff.getInt(at + 8) & 0xFFFFFFFFL;
            }
        }
        return -1;
    }

    /** The TIFF structure of a JPEG's APP1 "Exif" segment, or null. */
    private static byte[] exifSegment(byte[] jpeg) {
        byte[] id = "Exif\0\0".getBytes(StandardCharsets.US_ASCII);
        int at = 2;
        while (at + 4 <= jpeg.length && (jpeg[at] & 0xFF) == 0xFF) {
            int marker = jpeg[at + 1] & 0xFF;
            int length = ((jpeg[at + 2] & 0xFF) << 8) | (jpeg[at + 3] & 0xFF);
            if (marker == 0xDA || length < 2) {
                return null;
            }
            int payload = at + 4;
            if (marker == 0xE1 && payload + id.length <= jpeg.length
                    && Arrays.equals(jpeg, payload, payload + id.length, id, 0, id.length)) {
                return Arrays.copyOfRange(jpeg, payload + id.length, Math.min(jpeg.length, at + 2 + length));
            }
            at += 2 + length;
        }
        return null;
    }
}
