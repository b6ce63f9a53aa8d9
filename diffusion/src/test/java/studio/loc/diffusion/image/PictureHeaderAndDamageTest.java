package studio.loc.diffusion.image;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Random;
import java.util.zip.CRC32;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.opencv.core.CvType;
import org.opencv.core.Mat;
import org.opencv.core.MatOfByte;
import org.opencv.core.MatOfInt;
import org.opencv.core.Scalar;
import org.opencv.imgcodecs.Imgcodecs;

class PictureHeaderAndDamageTest {

    @TempDir
    Path dir;

    @BeforeAll
    static void loadOpenCv() {
        OpenCv.ensureLoaded();
    }

    private static byte[] encode(String extension, Mat mat, int... params) {
        MatOfByte out = new MatOfByte();
        assertTrue(Imgcodecs.imencode(extension, mat, out, new MatOfInt(params)));
        return out.toArray();
    }

    private static Mat noise(int width, int height, int type) {
        Mat mat = new Mat(height, width, type);
        org.opencv.core.Core.randu(mat, 0, 255);
        return mat;
    }

    private Path file(String name, byte[] content) throws Exception {
        return Files.write(dir.resolve(name), content);
    }

    // ---- header parsing --------------------------------------------------------------------------------------

    @Test
    void probeReadsTheSizeOfEveryFormatAndVariant() throws Exception {
        Mat bgr = noise(13, 7, CvType.CV_8UC3);
        Mat bgra = noise(13, 7, CvType.CV_8UC4);
        assertProbe(encode(".png", bgr), ImageFormat.PNG);
        assertProbe(encode(".jpg", bgr), ImageFormat.JPEG);
        assertProbe(encode(".jpg", bgr, Imgcodecs.IMWRITE_JPEG_PROGRESSIVE, 1), ImageFormat.JPEG);
        assertProbe(encode(".tif", bgr), ImageFormat.TIFF);
        assertProbe(encode(".bmp", bgr), ImageFormat.BMP);
        byte[] lossy = encode(".webp", bgr, Imgcodecs.IMWRITE_WEBP_QUALITY, 80);
        byte[] lossless = encode(".webp", bgr, Imgcodecs.IMWRITE_WEBP_QUALITY, 101);
        byte[] withAlpha = encode(".webp", bgra, Imgcodecs.IMWRITE_WEBP_QUALITY, 80);
        assertEquals("VP8 ", new String(lossy, 12, 4, StandardCharsets.US_ASCII));
        assertEquals("VP8L", new String(lossless, 12, 4, StandardCharsets.US_ASCII));
        assertEquals("VP8X", new String(withAlpha, 12, 4, StandardCharsets.US_ASCII));
        for (byte[] webp : new byte[][] {lossy, lossless, withAlpha}) {
            assertProbe(webp, ImageFormat.WEBP);
        }
    }

    private void assertProbe(byte[] content, ImageFormat format) throws Exception {
        Path file = file("probe-" + format + ".bin", content); // extension says nothing: magic bytes decide
        assertEquals(new ImageHeader(format, 13, 7), PictureReader.probe(file));
    }

    @Test
    void topDownBmpHasAPositiveHeight() throws Exception {
        byte[] bmp = encode(".bmp", noise(5, 3, CvType.CV_8UC3));
        ByteBuffer.wrap(bmp).order(ByteOrder.LITTLE_ENDIAN).putInt(22, -3);
        assertEquals(new ImageHeader(ImageFormat.BMP, 5, 3), PictureReader.probe(file("top-down.bmp", bmp)));
    }

    @Test
    void megapixelsAreShownReadably() {
        assertEquals("160", PictureReader.megapixels(160_000_000L));
        assertEquals("100", PictureReader.megapixels(100_000_000L));
        assertEquals("24.2", PictureReader.megapixels(24_240_000L));
        assertEquals("0.0001", PictureReader.megapixels(100));
    }

    // ---- EXIF orientation ------------------------------------------------------------------------------------

    @Test
    void jpegWithExifOrientationSixComesBackRotatedClockwise() throws Exception {
        // Stored 32 wide x 16 high: left half red, right half blue. Rotated 90° clockwise the left edge becomes the top.
        Mat bgr = new Mat(16, 32, CvType.CV_8UC3, new Scalar(255, 0, 0));
        bgr.submat(0, 16, 0, 16).setTo(new Scalar(0, 0, 255));
        byte[] jpeg = withExifOrientation(encode(".jpg", bgr, Imgcodecs.IMWRITE_JPEG_QUALITY, 95), 6);
        Path file = file("portrait.jpg", jpeg);

        assertEquals(new ImageHeader(ImageFormat.JPEG, 16, 32), PictureReader.probe(file));
        try (Picture picture = PictureReader.read(file, ImageLimits.DEFAULT)) {
            assertEquals(16, picture.width());
            assertEquals(32, picture.height());
            float[] top = new float[3];
            float[] bottom = new float[3];
            picture.rgb().get(4, 8, top);
            picture.rgb().get(27, 8, bottom);
            assertTrue(top[0] > 0.9 && top[2] < 0.1, "top is red: " + Arrays.toString(top));
            assertTrue(bottom[2] > 0.9 && bottom[0] < 0.1, "bottom is blue: " + Arrays.toString(bottom));
        }
    }

    /** Inserts an APP1 Exif segment (big-endian TIFF with one Orientation entry) right after the JPEG's SOI. */
    static byte[] withExifOrientation(byte[] jpeg, int orientation) {
        ByteBuffer tiff = ByteBuffer.allocate(26).order(ByteOrder.BIG_ENDIAN);
        tiff.put(new byte[] {'M', 'M', 0, 42}).putInt(8); // header, IFD0 at 8
        tiff.putShort((short) 1); // one entry
        tiff.putShort((short) 0x0112).putShort((short) 3).putInt(1).putShort((short) orientation).putShort((short) 0);
        tiff.putInt(0); // no next IFD
        byte[] exifId = {'E', 'x', 'i', 'f', 0, 0};
        int length = 2 + exifId.length + tiff.capacity();
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.write(jpeg, 0, 2);
        out.write(0xFF);
        out.write(0xE1);
        out.write(length >> 8);
        out.write(length & 0xFF);
        out.writeBytes(exifId);
        out.writeBytes(tiff.array());
        out.write(jpeg, 2, jpeg.length - 2);
        return out.toByteArray();
    }

    @ParameterizedTest
    @ValueSource(ints = {1, 2, 3, 4, 5, 6, 7, 8})
    void tiffOrientationIsAppliedExactly(int orientation) throws Exception {
        int width = 3;
        int height = 2;
        byte[] stored = new byte[width * height * 3];
        for (int i = 0; i < width * height; i++) {
            stored[3 * i] = (byte) (10 * i + 10); // red encodes the stored position
        }
        Path file = file("oriented-" + orientation + ".tif", handMadeTiff(width, height, orientation, stored));
        boolean swaps = orientation >= 5;
        int uprightWidth = swaps ? height : width;
        int uprightHeight = swaps ? width : height;
        assertEquals(new ImageHeader(ImageFormat.TIFF, uprightWidth, uprightHeight), PictureReader.probe(file));
        try (Picture picture = PictureReader.read(file, ImageLimits.DEFAULT)) {
            assertEquals(uprightWidth, picture.width());
            assertEquals(uprightHeight, picture.height());
            float[] rgb = PictureReadWriteTest.pixels(picture.rgb());
            for (int y = 0; y < uprightHeight; y++) {
                for (int x = 0; x < uprightWidth; x++) {
                    int[] source = storedPosition(orientation, x, y, width, height);
                    int expectedRed = 10 * (source[1] * width + source[0]) + 10;
                    assertEquals(expectedRed / 255f, rgb[3 * (y * uprightWidth + x)], 1e-6f,
                            "orientation " + orientation + " at (" + x + ", " + y + ")");
                }
            }
        }
    }

    /** The EXIF/TIFF definition of each orientation: which stored pixel is shown at upright (x, y). */
    private static int[] storedPosition(int orientation, int x, int y, int w, int h) {
        return switch (orientation) {
            case 1 -> new int[] {x, y};
            case 2 -> new int[] {w - 1 - x, y};
            case 3 -> new int[] {w - 1 - x, h - 1 - y};
            case 4 -> new int[] {x, h - 1 - y};
            case 5 -> new int[] {y, x};
            case 6 -> new int[] {y, h - 1 - x};
            case 7 -> new int[] {w - 1 - y, h - 1 - x};
            default -> new int[] {w - 1 - y, x};
        };
    }

    /** An uncompressed little-endian RGB TIFF written field by field, with an Orientation tag OpenCV never writes. */
    static byte[] handMadeTiff(int width, int height, int orientation, byte[] rgb) {
        int entries = 11;
        int ifdEnd = 8 + 2 + 12 * entries + 4;
        int bitsAt = ifdEnd;
        int dataAt = bitsAt + 6;
        ByteBuffer b = ByteBuffer.allocate(dataAt + rgb.length).order(ByteOrder.LITTLE_ENDIAN);
        b.put(new byte[] {'I', 'I', 42, 0}).putInt(8);
        b.putShort((short) entries);
        entry(b, 256, 3, 1, width);
        entry(b, 257, 3, 1, height);
        entry(b, 258, 3, 3, bitsAt);
        entry(b, 259, 3, 1, 1);
        entry(b, 262, 3, 1, 2);
        entry(b, 273, 4, 1, dataAt);
        entry(b, 274, 3, 1, orientation);
        entry(b, 277, 3, 1, 3);
        entry(b, 278, 3, 1, height);
        entry(b, 279, 4, 1, rgb.length);
        entry(b, 284, 3, 1, 1);
        b.putInt(0);
        b.putShort((short) 8).putShort((short) 8).putShort((short) 8);
        b.put(rgb);
        return b.array();
    }

    private static void entry(ByteBuffer b, int tag, int type, int count, int value) {
        b.putShort((short) tag).putShort((short) type).putInt(count);
        if (type == 3 && count == 1) {
            b.putShort((short) value).putShort((short) 0);
        } else {
            b.putInt(value);
        }
    }

    // ---- limits ----------------------------------------------------------------------------------------------

    @Test
    void overLimitPicturesAreRefusedBeforeDecoding() throws Exception {
        Path small = file("small.png", encode(".png", noise(20, 10, CvType.CV_8UC3)));
        ImageFormatException e = assertThrows(ImageFormatException.class,
                () -> PictureReader.read(small, new ImageLimits(100)));
        assertTrue(e.getMessage().startsWith("small.png is 0.0002 megapixels (20 × 10); the limit is 0.0001"), e.getMessage());

        // Only a signature and an IHDR claiming 20000 x 8000: no pixel data exists, so only a header check can say "too large".
        Path bomb = file("bomb.png", pngHeaderOnly(20_000, 8_000));
        ImageFormatException bombError = assertThrows(ImageFormatException.class,
                () -> PictureReader.read(bomb, ImageLimits.DEFAULT));
        assertTrue(bombError.getMessage().startsWith("bomb.png is 160 megapixels"), bombError.getMessage());
        assertTrue(bombError.getMessage().contains("the limit is 100"), bombError.getMessage());
    }

    private static byte[] pngHeaderOnly(int width, int height) {
        ByteBuffer ihdr = ByteBuffer.allocate(17).put("IHDR".getBytes(StandardCharsets.US_ASCII))
                .putInt(width).putInt(height).put(new byte[] {8, 2, 0, 0, 0});
        CRC32 crc = new CRC32();
        crc.update(ihdr.array());
        return ByteBuffer.allocate(8 + 4 + 17 + 4)
                .put(new byte[] {(byte) 0x89, 'P', 'N', 'G', '\r', '\n', 0x1A, '\n'})
                .putInt(13).put(ihdr.array()).putInt((int) crc.getValue()).array();
    }

    // ---- damaged and foreign files ---------------------------------------------------------------------------

    @Test
    void damagedAndForeignFilesGiveAFormatErrorNamingTheFile() throws Exception {
        byte[] png = encode(".png", noise(24, 24, CvType.CV_8UC3));
        byte[] jpeg = encode(".jpg", noise(24, 24, CvType.CV_8UC3));
        assertRefused(file("cut.png", Arrays.copyOf(png, png.length * 2 / 3)), "cut.png");
        assertRefused(file("stub.png", Arrays.copyOf(png, 14)), "cut.png".replace("cut", "stub"));
        assertRefused(file("cut.jpg", Arrays.copyOf(jpeg, jpeg.length - 40)), "cut.jpg is an incomplete JPEG");
        byte[] random = new byte[4000];
        new Random(7).nextBytes(random);
        random[0] = 0x42; // not a magic number of any format by chance
        assertRefused(file("noise.png", random), "noise.png is not an image LoC Studio can read (PNG, JPEG, TIFF, WebP, BMP)");
        assertRefused(file("holiday.jpg", "Dear Anna, the holiday was lovely.".getBytes(StandardCharsets.UTF_8)),
                "holiday.jpg is not an image LoC Studio can read");
        assertRefused(file("empty.webp", new byte[0]), "empty.webp is not an image");
        assertRefused(dir.resolve("absent.png"), "absent.png cannot be opened: the file does not exist");
        ImageFormatException probe = assertThrows(ImageFormatException.class, () -> PictureReader.probe(dir.resolve("holiday.jpg")));
        assertTrue(probe.getMessage().startsWith("holiday.jpg"), probe.getMessage());
    }

    private static void assertRefused(Path file, String expectedStart) {
        ImageFormatException e = assertThrows(ImageFormatException.class, () -> PictureReader.read(file, ImageLimits.DEFAULT));
        assertTrue(e.getMessage().startsWith(expectedStart), "expected \"" + expectedStart + "\" in: " + e.getMessage());
    }

    @Test
    void randomlyDamagedHeadersGiveOnlyFormatErrors() throws Exception {
        Mat bgr = noise(9, 6, CvType.CV_8UC3);
        byte[][] valid = {
            encode(".png", bgr), encode(".jpg", bgr), encode(".tif", bgr), encode(".bmp", bgr),
            encode(".webp", bgr, Imgcodecs.IMWRITE_WEBP_QUALITY, 80), encode(".webp", bgr, Imgcodecs.IMWRITE_WEBP_QUALITY, 101),
            withExifOrientation(encode(".jpg", bgr), 6)};
        Random random = new Random(20261123L);
        int accepted = 0;
        int refused = 0;
        for (int round = 0; round < 3_000; round++) {
            byte[] original = valid[round % valid.length];
            byte[] damaged = original.clone();
            int headerSpan = Math.min(damaged.length, 64);
            switch (random.nextInt(3)) {
                case 0 -> damaged[random.nextInt(headerSpan)] ^= (byte) (1 << random.nextInt(8));
                case 1 -> damaged = Arrays.copyOf(original, random.nextInt(original.length));
                default -> damaged[random.nextInt(headerSpan)] = (byte) random.nextInt(256);
            }
            boolean fullRead = round % 10 == 0; // decoding is slower; probing covers the header parsers thoroughly
            try {
                if (fullRead) {
                    try (Picture picture = PictureReader.read(damaged, "damaged", ImageLimits.DEFAULT)) {
                        assertTrue(picture.width() > 0 && picture.height() > 0);
                    }
                } else {
                    ImageHeader header = PictureReader.probe(damaged, "damaged");
                    assertTrue(header.width() > 0 && header.height() > 0);
                }
                accepted++;
            } catch (ImageFormatException e) {
                assertTrue(e.getMessage().startsWith("damaged"), e.getMessage());
                refused++;
            }
        }
        // Anything else (index errors, OpenCV exceptions, ...) would have failed the test above.
        assertTrue(refused > 300, "header damage must mostly be detected; refused only " + refused);
        assertTrue(accepted > 300, "damage to bytes that do not matter must not be refused; accepted only " + accepted);
    }

    @Test
    void jpegMarkerScanGivesUpOnEndlessFillBytes() throws Exception {
        // A "JPEG" of fill bytes: the marker scan must give up early instead of walking the whole file byte by byte.
        byte[] fill = new byte[1 << 20];
        Arrays.fill(fill, (byte) 0xFF);
        fill[1] = (byte) 0xD8;
        ImageFormatException e = assertThrows(ImageFormatException.class, () -> PictureReader.probe(file("fill.jpg", fill)));
        assertTrue(e.getMessage().contains("JPEG markers are damaged"), e.getMessage());
    }
}
