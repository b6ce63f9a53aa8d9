package studio.loc.diffusion.image.metadata;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Metadata in a WebP file: the RIFF container is turned into the extended format (a VP8X header chunk whose flags
 * announce what follows), with ICCP before the image data and EXIF and XMP after it, in the order the WebP
 * container specification gives.
 */
final class WebpChunks {

    private static final int FLAG_ICC = 0x20;
    private static final int FLAG_ALPHA = 0x10;
    private static final int FLAG_EXIF = 0x08;
    private static final int FLAG_XMP = 0x04;

    private WebpChunks() {
    }

    private record Chunk(String type, byte[] data) {
    }

    static byte[] withMetadata(byte[] webp, int width, int height, boolean alpha, byte[] exif, String xmp,
                               byte[] icc) {
        List<Chunk> chunks = read(webp);
        List<Chunk> image = new ArrayList<>();
        int flags = alpha ? FLAG_ALPHA : 0;
        for (Chunk chunk : chunks) {
            switch (chunk.type()) {
                case "VP8X" -> flags |= chunk.data()[0] & FLAG_ALPHA;
                case "ICCP", "EXIF", "XMP " -> { } // replaced below
                default -> image.add(chunk);
            }
        }
        List<Chunk> out = new ArrayList<>();
        if (icc != null) {
            flags |= FLAG_ICC;
        }
        if (exif != null) {
            flags |= FLAG_EXIF;
        }
        if (xmp != null) {
            flags |= FLAG_XMP;
        }
        byte[] header = new byte[10];
        header[0] = (byte) flags;
        put24(header, 4, width - 1);
        put24(header, 7, height - 1);
        out.add(new Chunk("VP8X", header));
        if (icc != null) {
            out.add(new Chunk("ICCP", icc));
        }
        out.addAll(image);
        if (exif != null) {
            out.add(new Chunk("EXIF", exif));
        }
        if (xmp != null) {
            out.add(new Chunk("XMP ", xmp.getBytes(StandardCharsets.UTF_8)));
        }
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        body.writeBytes("WEBP".getBytes(StandardCharsets.US_ASCII));
        for (Chunk chunk : out) {
            body.writeBytes(chunk.type().getBytes(StandardCharsets.US_ASCII));
            writeIntLe(body, chunk.data().length);
            body.writeBytes(chunk.data());
            if (chunk.data().length % 2 == 1) {
                body.write(0);
            }
        }
        ByteArrayOutputStream file = new ByteArrayOutputStream();
        file.writeBytes("RIFF".getBytes(StandardCharsets.US_ASCII));
        writeIntLe(file, body.size());
        file.writeBytes(body.toByteArray());
        return file.toByteArray();
    }

    private static List<Chunk> read(byte[] webp) {
        List<Chunk> chunks = new ArrayList<>();
        int at = 12;
        while (at + 8 <= webp.length) {
            String type = new String(webp, at, 4, StandardCharsets.US_ASCII);
            int size = (webp[at + 4] & 0xFF) | (webp[at + 5] & 0xFF) << 8 | (webp[at + 6] & 0xFF) << 16
                    | (webp[at + 7] & 0xFF) << 24;
            int data = at + 8;
            if (size < 0 || data + size > webp.length) {
                throw new IllegalArgumentException("the encoder's WebP file is malformed");
            }
            chunks.add(new Chunk(type, Arrays.copyOfRange(webp, data, data + size)));
            at = data + size + (size & 1);
        }
        return chunks;
    }

    private static void put24(byte[] bytes, int at, int value) {
        bytes[at] = (byte) value;
        bytes[at + 1] = (byte) (value >> 8);
        bytes[at + 2] = (byte) (value >> 16);
    }

    private static void writeIntLe(ByteArrayOutputStream out, int value) {
        out.write(value & 0xFF);
        out.write((value >>> 8) & 0xFF);
        out.write((value >>> 16) & 0xFF);
        out.write(value >>> 24);
    }
}
