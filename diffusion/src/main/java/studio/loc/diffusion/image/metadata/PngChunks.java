package studio.loc.diffusion.image.metadata;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.zip.CRC32;
import java.util.zip.Deflater;

/**
 * Metadata chunks in a PNG, inserted right after IHDR (before any image data, where PNG 1.2/1.3 require iCCP and
 * readers look for the others): iCCP (the ICC profile, deflated), eXIf (the EXIF block) and iTXt with the keyword
 * {@code XML:com.adobe.xmp} (XMP). PNG has no IPTC chunk of its own; XMP carries those fields.
 */
final class PngChunks {

    private static final int SIGNATURE = 8;

    private PngChunks() {
    }

    static byte[] withMetadata(byte[] png, byte[] exif, String xmp, byte[] icc) {
        ByteArrayOutputStream chunks = new ByteArrayOutputStream();
        if (icc != null) {
            chunk(chunks, "iCCP", JpegSegments.concat("ICC profile\0".getBytes(StandardCharsets.ISO_8859_1),
                    new byte[] {0}, deflate(icc)));
        }
        if (exif != null) {
            chunk(chunks, "eXIf", exif);
        }
        if (xmp != null) {
            // keyword, no compression (flag 0, method 0), empty language tag and translated keyword, then UTF-8 text
            chunk(chunks, "iTXt", JpegSegments.concat("XML:com.adobe.xmp\0".getBytes(StandardCharsets.ISO_8859_1),
                    new byte[] {0, 0, 0, 0}, xmp.getBytes(StandardCharsets.UTF_8)));
        }
        int ihdrLength = readInt(png, SIGNATURE);
        int afterIhdr = SIGNATURE + 12 + ihdrLength;
        return JpegSegments.concat(Arrays.copyOfRange(png, 0, afterIhdr), chunks.toByteArray(),
                Arrays.copyOfRange(png, afterIhdr, png.length));
    }

    private static void chunk(ByteArrayOutputStream out, String type, byte[] data) {
        byte[] typeBytes = type.getBytes(StandardCharsets.US_ASCII);
        writeInt(out, data.length);
        out.writeBytes(typeBytes);
        out.writeBytes(data);
        CRC32 crc = new CRC32();
        crc.update(typeBytes);
        crc.update(data);
        writeInt(out, (int) crc.getValue());
    }

    private static byte[] deflate(byte[] data) {
        Deflater deflater = new Deflater(Deflater.BEST_COMPRESSION);
        try {
            deflater.setInput(data);
            deflater.finish();
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            byte[] buffer = new byte[8192];
            while (!deflater.finished()) {
                out.write(buffer, 0, deflater.deflate(buffer));
            }
            return out.toByteArray();
        } finally {
            deflater.end();
        }
    }

    private static int readInt(byte[] bytes, int at) {
        return ((bytes[at] & 0xFF) << 24) | ((bytes[at + 1] & 0xFF) << 16) | ((bytes[at + 2] & 0xFF) << 8)
                | (bytes[at + 3] & 0xFF);
    }

    private static void writeInt(ByteArrayOutputStream out, int value) {
        out.write(value >>> 24);
        out.write((value >>> 16) & 0xFF);
        out.write((value >>> 8) & 0xFF);
        out.write(value & 0xFF);
    }
}
