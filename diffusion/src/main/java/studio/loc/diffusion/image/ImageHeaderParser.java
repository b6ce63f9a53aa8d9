package studio.loc.diffusion.image;

import java.io.IOException;
import java.nio.charset.StandardCharsets;

/**
 * Reads the format, the size and the EXIF orientation from the first bytes of a picture, without decoding it.
 * Each parser follows the format's own structure (PNG IHDR, JPEG SOF marker, BMP info header, TIFF IFD, WebP
 * VP8/VP8L/VP8X chunk) with a bounded number of small reads, so a hostile file cannot make it loop or allocate.
 */
final class ImageHeaderParser {

    /**
     * The header facts the reader needs; orientation is the EXIF value 1..8 (1 = as stored). For TIFF,
     * {@code tiffOrientationField} locates the tag's value in the file (or is null), because libtiff applies some
     * orientations itself (flips but not rotations) and the reader neutralises it to apply all eight consistently.
     */
    record Info(ImageFormat format, int width, int height, int orientation, TagValue tiffOrientationField) {

        Info(ImageFormat format, int width, int height, int orientation) {
            this(format, width, height, orientation, null);
        }

        ImageHeader header() {
            return new ImageHeader(format, width, height);
        }
    }

    /** Thrown for a recognised format whose header is damaged; the reader turns it into a user message. */
    static final class Damaged extends Exception {
        private static final long serialVersionUID = 1L;

        Damaged(String message) {
            super(message);
        }
    }

    /** Thrown when the bytes are none of the supported formats. */
    static final class Unrecognised extends Exception {
        private static final long serialVersionUID = 1L;
    }

    private static final byte[] PNG_SIGNATURE = {(byte) 0x89, 'P', 'N', 'G', '\r', '\n', 0x1A, '\n'};
    private static final byte[] JPEG_SOI = {(byte) 0xFF, (byte) 0xD8, (byte) 0xFF};
    private static final byte[] TIFF_LE = {'I', 'I', 42, 0};
    private static final byte[] TIFF_BE = {'M', 'M', 0, 42};
    private static final byte[] BIGTIFF_LE = {'I', 'I', 43, 0};
    private static final byte[] BIGTIFF_BE = {'M', 'M', 0, 43};
    private static final byte[] EXIF_ID = {'E', 'x', 'i', 'f', 0, 0};
    private static final int MAX_JPEG_SEGMENTS = 4096;
    private static final int MAX_JPEG_FILL_BYTES = 1 << 16;

    private static final int TAG_WIDTH = 256;
    private static final int TAG_HEIGHT = 257;
    private static final int TAG_ORIENTATION = 274;

    private ImageHeaderParser() {
    }

    static Info parse(ByteSource in) throws IOException, Damaged, Unrecognised {
        ImageFormat format = detect(in);
        try {
            Info info = switch (format) {
                case PNG -> png(in);
                case JPEG -> jpeg(in);
                case TIFF -> tiff(in);
                case WEBP -> webp(in);
                case BMP -> bmp(in);
            };
            if (info.width() <= 0 || info.height() <= 0) {
                throw new Damaged("its " + format + " header gives an empty size (" + info.width() + " × " + info.height() + ")");
            }
            return info;
        } catch (ByteSource.Truncated e) {
            throw new Damaged("its " + format + " header is incomplete (the file is truncated or damaged)");
        }
    }

    private static ImageFormat detect(ByteSource in) throws IOException, Unrecognised, Damaged {
        if (in.matches(0, PNG_SIGNATURE)) {
            return ImageFormat.PNG;
        }
        if (in.matches(0, JPEG_SOI)) {
            return ImageFormat.JPEG;
        }
        if (in.matches(0, TIFF_LE) || in.matches(0, TIFF_BE)) {
            return ImageFormat.TIFF;
        }
        if (in.matches(0, BIGTIFF_LE) || in.matches(0, BIGTIFF_BE)) {
            throw new Damaged("it is a BigTIFF file, which LoC Studio does not read; save it as a regular TIFF");
        }
        if (in.matches(0, ascii("RIFF")) && in.matches(8, ascii("WEBP"))) {
            return ImageFormat.WEBP;
        }
        if (in.matches(0, ascii("BM"))) {
            return ImageFormat.BMP;
        }
        throw new Unrecognised();
    }

    private static Info png(ByteSource in) throws IOException, ByteSource.Truncated, Damaged {
        if (!in.matches(12, ascii("IHDR"))) {
            throw new Damaged("its PNG header does not start with an IHDR chunk");
        }
        return new Info(ImageFormat.PNG, positiveInt(in.u32(16, true)), positiveInt(in.u32(20, true)), 1);
    }

    private static Info jpeg(ByteSource in) throws IOException, ByteSource.Truncated, Damaged {
        long pos = 2;
        int orientation = 1;
        boolean exifSeen = false;
        for (int segment = 0; segment < MAX_JPEG_SEGMENTS; segment++) {
            if (in.u8(pos) != 0xFF) {
                throw new Damaged("its JPEG markers are damaged");
            }
            int fill = 0;
            while (in.u8(pos) == 0xFF) { // fill bytes may precede a marker
                pos++;
                if (++fill > MAX_JPEG_FILL_BYTES) {
                    throw new Damaged("its JPEG markers are damaged");
                }
            }
            int marker = in.u8(pos++);
            if (marker == 0xD8 || marker == 0x01 || (marker >= 0xD0 && marker <= 0xD7)) {
                continue; // markers without a length field
            }
            if (marker == 0xD9 || marker == 0xDA) {
                throw new Damaged("its JPEG data starts before any frame header gives the image size");
            }
            int length = in.u16(pos, true);
            if (length < 2) {
                throw new Damaged("its JPEG marker lengths are damaged");
            }
            boolean startOfFrame = marker >= 0xC0 && marker <= 0xCF && marker != 0xC4 && marker != 0xC8 && marker != 0xCC;
            if (startOfFrame) {
                int height = in.u16(pos + 3, true);
                int width = in.u16(pos + 5, true);
                if (height == 0) {
                    throw new Damaged("its JPEG header leaves the height to a later DNL marker, which is not supported");
                }
                return new Info(ImageFormat.JPEG, width, height, orientation);
            }
            if (marker == 0xE1 && !exifSeen && length >= 2 + EXIF_ID.length + 8 && in.matches(pos + 2, EXIF_ID)) {
                exifSeen = true;
                long tiffStart = pos + 2 + EXIF_ID.length;
                orientation = exifOrientation(in, tiffStart, pos + length);
            }
            pos += length;
        }
        throw new Damaged("its JPEG header has too many segments before the frame header");
    }

    /**
     * Whether a JPEG held in memory reaches its end-of-image marker. libjpeg "decodes" a truncated file by painting
     * the missing rows grey and only warning, so completeness is checked here: after the first start-of-scan, the
     * entropy-coded data cannot contain FF D9 except as the real end marker (FF bytes in it are stuffed as FF 00).
     * Segments before the scan are skipped by their lengths, so an Exif thumbnail's own end marker does not count.
     */
    static boolean jpegReachesEnd(byte[] bytes) {
        int pos = 2;
        for (int segment = 0; segment < MAX_JPEG_SEGMENTS && pos + 3 < bytes.length; segment++) {
            if ((bytes[pos] & 0xFF) != 0xFF) {
                return false;
            }
            while (pos < bytes.length && (bytes[pos] & 0xFF) == 0xFF) {
                pos++;
            }
            if (pos + 2 >= bytes.length) {
                return false;
            }
            int marker = bytes[pos++] & 0xFF;
            if (marker == 0xD8 || marker == 0x01 || (marker >= 0xD0 && marker <= 0xD7)) {
                continue;
            }
            if (marker == 0xD9) {
                return false;
            }
            int length = (bytes[pos] & 0xFF) << 8 | (bytes[pos + 1] & 0xFF);
            if (marker == 0xDA) {
                for (int i = pos + length; i + 1 < bytes.length; i++) {
                    if ((bytes[i] & 0xFF) == 0xFF && (bytes[i + 1] & 0xFF) == 0xD9) {
                        return true;
                    }
                }
                return false;
            }
            if (length < 2) {
                return false;
            }
            pos += length;
        }
        return false;
    }

    /** The orientation tag of the Exif block at [start, end), or 1 when absent or unreadable (Exif is optional). */
    private static int exifOrientation(ByteSource in, long start, long end) throws IOException {
        try {
            Ifd ifd = readIfd0(in, start, end);
            return ifd.orientation;
        } catch (ByteSource.Truncated | Damaged e) {
            return 1; // a damaged Exif block must not stop an otherwise readable photo from opening
        }
    }

    private static Info tiff(ByteSource in) throws IOException, ByteSource.Truncated, Damaged {
        Ifd ifd = readIfd0(in, 0, in.size());
        if (ifd.width < 0 || ifd.height < 0) {
            throw new Damaged("its TIFF header has no image width or height");
        }
        return new Info(ImageFormat.TIFF, positiveInt(ifd.width), positiveInt(ifd.height), ifd.orientation, ifd.orientationField);
    }

    /** Where a tag's value sits in the file: {@code size} bytes (2 or 4) at {@code position}, in the file's byte order. */
    record TagValue(long position, int size, boolean bigEndian) {

        /** Overwrites the value in {@code bytes} (a whole file held in memory). */
        void set(byte[] bytes, int value) {
            int at = (int) position;
            for (int i = 0; i < size; i++) {
                int shift = 8 * (bigEndian ? size - 1 - i : i);
                bytes[at + i] = (byte) (value >>> shift);
            }
        }
    }

    /** Tags of the first TIFF image directory; offsets are relative to {@code start}, reads stay before {@code end}. */
    private static final class Ifd {
        long width = -1;
        long height = -1;
        int orientation = 1;
        TagValue orientationField;
    }

    private static Ifd readIfd0(ByteSource in, long start, long end) throws IOException, ByteSource.Truncated, Damaged {
        boolean bigEndian;
        if (in.matches(start, TIFF_LE)) {
            bigEndian = false;
        } else if (in.matches(start, TIFF_BE)) {
            bigEndian = true;
        } else {
            throw new Damaged("its TIFF byte-order mark is damaged");
        }
        long ifdOffset = in.u32(start + 4, bigEndian);
        long ifdAt = start + ifdOffset;
        if (ifdOffset < 8 || ifdAt + 2 > end) {
            throw new Damaged("its TIFF directory offset points outside the file");
        }
        int count = in.u16(ifdAt, bigEndian);
        if (ifdAt + 2 + 12L * count > end) {
            throw new Damaged("its TIFF directory runs past the end of the file");
        }
        Ifd ifd = new Ifd();
        for (int i = 0; i < count; i++) {
            long entry = ifdAt + 2 + 12L * i;
            int tag = in.u16(entry, bigEndian);
            if (tag != TAG_WIDTH && tag != TAG_HEIGHT && tag != TAG_ORIENTATION) {
                continue;
            }
            int type = in.u16(entry + 2, bigEndian);
            long valueCount = in.u32(entry + 4, bigEndian);
            if (valueCount < 1) {
                continue;
            }
            long value;
            int size = type == 3 ? 2 : 4;
            if (type == 3) { // SHORT, stored left-justified in the 4-byte value field
                value = in.u16(entry + 8, bigEndian);
            } else if (type == 4) { // LONG
                value = in.u32(entry + 8, bigEndian);
            } else {
                continue;
            }
            switch (tag) {
                case TAG_WIDTH -> ifd.width = value;
                case TAG_HEIGHT -> ifd.height = value;
                default -> {
                    ifd.orientation = value >= 1 && value <= 8 ? (int) value : 1;
                    ifd.orientationField = new TagValue(entry + 8, size, bigEndian);
                }
            }
        }
        return ifd;
    }

    private static Info webp(ByteSource in) throws IOException, ByteSource.Truncated, Damaged {
        if (in.matches(12, ascii("VP8 "))) {
            if (!in.matches(23, new byte[] {(byte) 0x9D, 0x01, 0x2A})) {
                throw new Damaged("its WebP (VP8) frame header is damaged");
            }
            return new Info(ImageFormat.WEBP, in.u16(26, false) & 0x3FFF, in.u16(28, false) & 0x3FFF, 1);
        }
        if (in.matches(12, ascii("VP8L"))) {
            if (in.u8(20) != 0x2F) {
                throw new Damaged("its WebP (lossless) header is damaged");
            }
            long bits = in.u32(21, false);
            return new Info(ImageFormat.WEBP, (int) (bits & 0x3FFF) + 1, (int) ((bits >> 14) & 0x3FFF) + 1, 1);
        }
        if (in.matches(12, ascii("VP8X"))) {
            return new Info(ImageFormat.WEBP, in.u24le(24) + 1, in.u24le(27) + 1, 1);
        }
        throw new Damaged("its WebP header has no VP8, VP8L or VP8X chunk where expected");
    }

    private static Info bmp(ByteSource in) throws IOException, ByteSource.Truncated, Damaged {
        long infoSize = in.u32(14, false);
        if (infoSize == 12) { // OS/2 BITMAPCOREHEADER: 16-bit unsigned sizes
            return new Info(ImageFormat.BMP, in.u16(18, false), in.u16(20, false), 1);
        }
        if (infoSize < 16 || infoSize > 4096) {
            throw new Damaged("its BMP info header has an unknown size (" + infoSize + ")");
        }
        int width = (int) in.u32(18, false); // signed; a negative width is reported as an empty size
        long height = Math.abs((long) (int) in.u32(22, false)); // negative height = rows stored top-down
        return new Info(ImageFormat.BMP, width, positiveInt(height), 1);
    }

    /** Sizes beyond int range cannot be decoded by anything; say so instead of overflowing. */
    private static int positiveInt(long value) throws Damaged {
        if (value > Integer.MAX_VALUE) {
            throw new Damaged("its header gives a side of " + value + " pixels, beyond what any decoder handles");
        }
        return (int) value;
    }

    private static byte[] ascii(String text) {
        return text.getBytes(StandardCharsets.US_ASCII);
    }
}
