package studio.loc.diffusion.image;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.opencv.core.Core;
import org.opencv.core.CvType;
import org.opencv.core.Mat;
import org.opencv.imgcodecs.Imgcodecs;
import org.opencv.imgproc.Imgproc;

class PictureReadWriteTest {

    @TempDir
    Path dir;

    @BeforeAll
    static void loadOpenCv() {
        OpenCv.ensureLoaded();
    }

    /** A smooth 8-bit-exact gradient, so lossy codecs stay close and lossless ones must be exact. */
    static Picture gradient(int width, int height) {
        Mat rgb = new Mat(height, width, CvType.CV_32FC3);
        float[] values = new float[width * height * 3];
        for (int y = 0; y < height; y++) {
            for (int x = 0; x < width; x++) {
                int i = (y * width + x) * 3;
                values[i] = Math.round(255f * x / (width - 1)) / 255f;
                values[i + 1] = Math.round(255f * y / (height - 1)) / 255f;
                values[i + 2] = 128 / 255f;
            }
        }
        rgb.put(0, 0, values);
        return Picture.of(rgb);
    }

    static float[] pixels(Mat mat) {
        float[] out = new float[(int) mat.total() * mat.channels()];
        mat.get(0, 0, out);
        return out;
    }

    @ParameterizedTest
    @EnumSource(ImageFormat.class)
    void roundTripsEveryFormatAt8Bit(ImageFormat format) throws Exception {
        Path file = dir.resolve("pic." + format.extension());
        try (Picture original = gradient(32, 24)) {
            PictureWriter.write(original, file, format, 95);
            assertEquals(new ImageHeader(format, 32, 24), PictureReader.probe(file));
            try (Picture read = PictureReader.read(file, ImageLimits.DEFAULT)) {
                assertEquals(32, read.width());
                assertEquals(24, read.height());
                assertEquals(8, read.bitDepth());
                assertFalse(read.hasAlpha());
                float[] expected = pixels(original.rgb());
                float[] actual = pixels(read.rgb());
                double tolerance = format == ImageFormat.JPEG || format == ImageFormat.WEBP ? 0.03 : 1e-6;
                assertTrue(meanAbsoluteDifference(expected, actual) <= tolerance,
                        format + " differs by " + meanAbsoluteDifference(expected, actual));
            }
        }
        try (var listing = Files.list(dir)) {
            assertEquals(List.of(file), listing.toList(), "no temporary file may be left behind");
        }
    }

    @Test
    void channelOrderIsRgbForFilesWrittenByOtherTools() throws Exception {
        Mat bgr = new Mat(2, 2, CvType.CV_8UC3);
        bgr.put(0, 0, new byte[] {0, 0, (byte) 255, 0, (byte) 255, 0, (byte) 255, 0, 0, 10, 20, 30}); // red, green, blue, mixed
        Path file = dir.resolve("colours.png");
        Imgcodecs.imwrite(file.toString(), bgr);
        try (Picture read = PictureReader.read(file, ImageLimits.DEFAULT)) {
            assertArrayEquals(new float[] {1, 0, 0, 0, 1, 0, 0, 0, 1, 30 / 255f, 20 / 255f, 10 / 255f}, pixels(read.rgb()), 1e-6f);
        }
    }

    @ParameterizedTest
    @EnumSource(value = ImageFormat.class, names = {"PNG", "TIFF"})
    void sixteenBitStaysSixteenBit(ImageFormat format) throws Exception {
        Mat bgr16 = new Mat(2, 3, CvType.CV_16UC3);
        short[] raw = new short[18];
        for (int i = 0; i < raw.length; i++) {
            raw[i] = (short) (i * 3641 + 7); // values 8-bit cannot hold, up to 61904
        }
        bgr16.put(0, 0, raw);
        Path source = dir.resolve("deep." + format.extension());
        Imgcodecs.imwrite(source.toString(), bgr16);

        Path copy = dir.resolve("copy." + format.extension());
        try (Picture read = PictureReader.read(source, ImageLimits.DEFAULT)) {
            assertEquals(16, read.bitDepth());
            float[] rgb = pixels(read.rgb());
            assertEquals((raw[2] & 0xFFFF) / 65535f, rgb[0], 1e-7f, "R comes from OpenCV's third channel");
            assertEquals((raw[0] & 0xFFFF) / 65535f, rgb[2], 1e-7f);
            PictureWriter.write(read, copy, format, 90);
        }
        Mat written = Imgcodecs.imread(copy.toString(), Imgcodecs.IMREAD_UNCHANGED);
        assertEquals(CvType.CV_16UC3, written.type());
        short[] back = new short[18];
        written.get(0, 0, back);
        assertArrayEquals(raw, back, "16-bit values survive a read and a write exactly");
    }

    @ParameterizedTest
    @EnumSource(value = ImageFormat.class, names = {"PNG", "TIFF", "JPEG"})
    void colourPhotosStayIntegersUntilFloatsAreAskedForAndGiveTheSameFloatsAndFiles(ImageFormat format)
            throws Exception {
        Path source = dir.resolve("photo." + format.extension());
        boolean deep = format != ImageFormat.JPEG;
        Mat bgr = new Mat(37, 53, deep ? CvType.CV_16UC3 : CvType.CV_8UC3);
        Core.setRNGSeed(5);
        Core.randu(bgr, 0, deep ? 65536 : 256);
        Imgcodecs.imwrite(source.toString(), bgr);
        Mat decoded = Imgcodecs.imread(source.toString(), Imgcodecs.IMREAD_UNCHANGED);
        Mat expected = new Mat();
        Imgproc.cvtColor(decoded, expected, Imgproc.COLOR_BGR2RGB);
        expected.convertTo(expected, CvType.CV_32F, deep ? 1.0 / 65535 : 1.0 / 255);

        Path fromIntegers = dir.resolve("integers." + format.extension());
        Path fromFloats = dir.resolve("floats." + format.extension());
        try (Picture read = PictureReader.read(source, ImageLimits.DEFAULT)) {
            assertTrue(read.isPacked(), "a colour photo is read as the file's integers");
            assertEquals(53, read.width());
            assertEquals(37, read.height());
            assertEquals(deep ? 16 : 8, read.bitDepth());
            PictureWriter.write(read, fromIntegers, format, 90);
            try (Picture floats = read.copy()) {
                assertArrayEquals(pixels(expected), pixels(floats.rgb()), 0f, "the floats a reader always made");
                assertFalse(floats.isPacked(), "asking for floats converts the picture");
                PictureWriter.write(floats, fromFloats, format, 90);
            }
        }
        assertArrayEquals(Files.readAllBytes(fromFloats), Files.readAllBytes(fromIntegers),
                "writing the integers gives the file the floats give");
    }

    @Test
    void sixteenBitPictureBecomesEightBitInJpeg() throws Exception {
        Path file = dir.resolve("deep.jpg");
        try (Picture gradient = gradient(8, 8); Picture deep = new Picture(gradient.rgb().clone(), null, 16)) {
            PictureWriter.write(deep, file, ImageFormat.JPEG, 90);
        }
        try (Picture read = PictureReader.read(file, ImageLimits.DEFAULT)) {
            assertEquals(8, read.bitDepth());
        }
    }

    @Test
    void alphaIsKeptAsideAndRestored() throws Exception {
        Mat bgra = new Mat(1, 3, CvType.CV_8UC4);
        bgra.put(0, 0, new byte[] {10, 20, 30, 0, 40, 50, 60, (byte) 128, 70, 80, 90, (byte) 255});
        Path file = dir.resolve("alpha.png");
        Imgcodecs.imwrite(file.toString(), bgra);
        Path copy = dir.resolve("copy.png");
        try (Picture read = PictureReader.read(file, ImageLimits.DEFAULT)) {
            assertTrue(read.hasAlpha());
            assertArrayEquals(new float[] {0, 128 / 255f, 1}, pixels(read.alpha()), 1e-6f);
            assertArrayEquals(new float[] {30 / 255f, 20 / 255f, 10 / 255f}, java.util.Arrays.copyOf(pixels(read.rgb()), 3), 1e-6f);
            PictureWriter.write(read, copy, ImageFormat.PNG, 90);
            PictureWriter.write(read, dir.resolve("flat.jpg"), ImageFormat.JPEG, 90); // JPEG has no alpha: dropped, no error
        }
        Mat written = Imgcodecs.imread(copy.toString(), Imgcodecs.IMREAD_UNCHANGED);
        byte[] back = new byte[12];
        written.get(0, 0, back);
        assertArrayEquals(new byte[] {10, 20, 30, 0, 40, 50, 60, (byte) 128, 70, 80, 90, (byte) 255}, back);
    }

    @ParameterizedTest
    @EnumSource(value = ImageFormat.class, names = {"TIFF", "WEBP"})
    void alphaSurvivesOtherFormatsThatHaveIt(ImageFormat format) throws Exception {
        Path file = dir.resolve("alpha." + format.extension());
        Mat alpha = new Mat(6, 8, CvType.CV_32FC1, new org.opencv.core.Scalar(0.6));
        alpha.submat(0, 3, 0, 8).setTo(new org.opencv.core.Scalar(0));
        try (Picture gradient = gradient(8, 6); Picture withAlpha = new Picture(gradient.rgb().clone(), alpha, 8)) {
            PictureWriter.write(withAlpha, file, format, 100);
        }
        try (Picture read = PictureReader.read(file, ImageLimits.DEFAULT)) {
            assertTrue(read.hasAlpha());
            float[] a = pixels(read.alpha());
            assertEquals(0f, a[0], 1e-6f);
            assertEquals(153 / 255f, a[a.length - 1], 1e-6f);
        }
    }

    @Test
    void floatingPointTiffIsReadAsHighDepth() throws Exception {
        Mat bgr = new Mat(2, 2, CvType.CV_32FC3, new org.opencv.core.Scalar(0.25, 0.5, 0.75));
        Path file = dir.resolve("float.tif");
        // OpenCV would store float colour as lossy SGILOG by default; uncompressed keeps the values exact
        assertTrue(Imgcodecs.imwrite(file.toString(), bgr,
                new org.opencv.core.MatOfInt(Imgcodecs.IMWRITE_TIFF_COMPRESSION, 1)));
        try (Picture read = PictureReader.read(file, ImageLimits.DEFAULT)) {
            assertEquals(16, read.bitDepth());
            assertArrayEquals(new float[] {0.75f, 0.5f, 0.25f}, java.util.Arrays.copyOf(pixels(read.rgb()), 3), 1e-6f);
        }
    }

    @Test
    void greyBecomesRgb() throws Exception {
        Mat grey = new Mat(2, 2, CvType.CV_8UC1);
        grey.put(0, 0, new byte[] {0, 64, (byte) 128, (byte) 255});
        Path file = dir.resolve("grey.png");
        Imgcodecs.imwrite(file.toString(), grey);
        try (Picture read = PictureReader.read(file, ImageLimits.DEFAULT)) {
            assertEquals(CvType.CV_32FC3, read.rgb().type());
            float[] rgb = pixels(read.rgb());
            assertArrayEquals(new float[] {64 / 255f, 64 / 255f, 64 / 255f}, java.util.Arrays.copyOfRange(rgb, 3, 6), 1e-6f);
        }
    }

    @Test
    void readsAndWritesNonAsciiPaths() throws Exception {
        Path folder = Files.createDirectory(dir.resolve("Fotos – été 日本"));
        Path file = folder.resolve("straße.png");
        try (Picture picture = gradient(4, 4)) {
            PictureWriter.write(picture, file, ImageFormat.PNG, 90);
        }
        try (Picture read = PictureReader.read(file, ImageLimits.DEFAULT)) {
            assertEquals(4, read.width());
        }
    }

    @Test
    void overwritesAnExistingFile() throws Exception {
        Path file = dir.resolve("out.png");
        Files.writeString(file, "an older file");
        try (Picture picture = gradient(5, 3)) {
            PictureWriter.write(picture, file, ImageFormat.PNG, 90);
        }
        assertEquals(new ImageHeader(ImageFormat.PNG, 5, 3), PictureReader.probe(file));
    }

    @Test
    void aFailedWriteLeavesNoPartialFile() throws Exception {
        Path occupied = Files.createDirectory(dir.resolve("out.png")); // a non-empty folder cannot be replaced by a file
        Files.writeString(occupied.resolve("keep.txt"), "x");
        try (Picture picture = gradient(4, 4)) {
            IOException e = assertThrows(IOException.class, () -> PictureWriter.write(picture, occupied, ImageFormat.PNG, 90));
            assertTrue(e.getMessage().startsWith("Cannot save out.png"), e.getMessage());
        }
        try (var listing = Files.list(dir)) {
            assertEquals(List.of(occupied), listing.toList(), "the temporary file is removed");
        }
    }

    @Test
    void writingIntoAMissingFolderSaysSo() {
        Path file = dir.resolve("missing").resolve("out.png");
        try (Picture picture = gradient(2, 2)) {
            IOException e = assertThrows(IOException.class, () -> PictureWriter.write(picture, file, ImageFormat.PNG, 90));
            assertTrue(e.getMessage().contains("out.png") && e.getMessage().contains("does not exist"), e.getMessage());
        }
    }

    @Test
    void writingIntoAReadOnlyFolderFailsClearlyAndLeavesNothing() throws Exception {
        Path folder = Files.createDirectory(dir.resolve("locked"));
        assertTrue(folder.toFile().setWritable(false, false));
        try {
            org.junit.jupiter.api.Assumptions.assumeFalse(Files.isWritable(folder),
                    "running as a user (root) who can write into read-only folders");
            try (Picture picture = gradient(2, 2)) {
                IOException e = assertThrows(IOException.class,
                        () -> PictureWriter.write(picture, folder.resolve("out.png"), ImageFormat.PNG, 90));
                assertTrue(e.getMessage().contains("read-only"), e.getMessage());
            }
            try (var listing = Files.list(folder)) {
                assertEquals(0, listing.count());
            }
        } finally {
            folder.toFile().setWritable(true, false);
        }
    }

    @Test
    void fileSystemErrorsAreExplained() {
        Path target = dir.resolve("out.png");
        assertTrue(PictureWriter.explain(target, dir, new java.nio.file.AccessDeniedException(target.toString())).getMessage()
                .contains("is read-only or you do not have permission"));
        assertTrue(PictureWriter.explain(target, dir, new java.nio.file.FileSystemException(target.toString(), null,
                "No space left on device")).getMessage().contains("is full"));
        assertTrue(PictureWriter.explain(target, dir, new IOException("Read-only file system")).getMessage()
                .startsWith("Cannot save out.png: the folder"));
    }

    @Test
    void qualityOutsideOneToHundredIsAProgrammingError() {
        try (Picture picture = gradient(2, 2)) {
            assertThrows(IllegalArgumentException.class, () -> PictureWriter.write(picture, dir.resolve("x.jpg"), ImageFormat.JPEG, 0));
        }
    }

    @Test
    void formatFromFileName() {
        assertEquals(ImageFormat.JPEG, ImageFormat.fromFileName("Holiday.JPEG").orElseThrow());
        assertEquals(ImageFormat.TIFF, ImageFormat.fromFileName("scan.tiff").orElseThrow());
        assertEquals(ImageFormat.WEBP, ImageFormat.fromFileName("a.b.webp").orElseThrow());
        assertTrue(ImageFormat.fromFileName("notes.txt").isEmpty());
        assertTrue(ImageFormat.fromFileName("README").isEmpty());
        assertTrue(ImageFormat.PNG.supports16Bit() && ImageFormat.TIFF.supportsAlpha());
        assertFalse(ImageFormat.JPEG.supportsAlpha() || ImageFormat.WEBP.supports16Bit());
    }

    static double meanAbsoluteDifference(float[] a, float[] b) {
        assertEquals(a.length, b.length);
        double sum = 0;
        for (int i = 0; i < a.length; i++) {
            sum += Math.abs(a[i] - b[i]);
        }
        return sum / a.length;
    }
}
