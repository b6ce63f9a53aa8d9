package studio.loc.app.cli;

import java.nio.ByteBuffer;

/** A PNG thumbnail's pixel size, read from its IHDR header (no decoding), for {@code inspect}. */
final class PngSize {

    /** Signature (8) + IHDR length (4) + "IHDR" (4) + width (4) + height (4). */
    private static final int HEADER_BYTES = 24;

    private PngSize() {
    }

    /** "96x64 PNG, 1234 bytes", "none" for an empty thumbnail. */
    static String describe(byte[] png) {
        if (png == null || png.length == 0) {
            return "none";
        }
        if (png.length < HEADER_BYTES || png[12] != 'I' || png[13] != 'H' || png[14] != 'D' || png[15] != 'R') {
            return "PNG, " + png.length + " bytes";
        }
        ByteBuffer header = ByteBuffer.wrap(png, 16, 8); // PNG integers are big-endian, ByteBuffer's default
        return Integer.toUnsignedString(header.getInt()) + "x" + Integer.toUnsignedString(header.getInt()) + " PNG, "
                + png.length + " bytes";
    }
}
