package studio.loc.diffusion.colour.icc;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.color.ColorSpace;
import java.awt.color.ICC_Profile;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.opencv.core.CvType;
import org.opencv.core.Mat;
import org.opencv.core.MatOfByte;
import org.opencv.imgcodecs.Imgcodecs;
import studio.loc.diffusion.image.ImageFormat;
import studio.loc.diffusion.image.ImageLimits;
import studio.loc.diffusion.image.OpenCv;
import studio.loc.diffusion.image.Picture;
import studio.loc.diffusion.image.PictureReader;
import studio.loc.diffusion.image.PictureWriter;
import studio.loc.diffusion.image.metadata.ExternalTool;
import studio.loc.diffusion.image.metadata.OutputMetadata;

/**
 * A wide-gamut photo (16-bit, Adobe RGB (1998)-compatible profile from Debian's icc-profiles-free, zlib licence)
 * is read into sRGB as LittleCMS (through ImageMagick) converts it, and written back in its own profile with the
 * pixels it had.
 */
class IccColourManagementTest {

    private static final int SIDE = 16;
    /** ImageMagick's own binary, not a stand-in wrapper earlier on the PATH. */
    private static final String CONVERT = "/usr/bin/convert";

    @TempDir
    Path dir;

    @BeforeAll
    static void load() {
        OpenCv.ensureLoaded();
    }

    @Test
    void readsAWideGamutPhotoIntoSrgbAsLittleCmsDoes() throws Exception {
        ExternalTool.assumeAvailable("ImageMagick", CONVERT, "-version");
        ExternalTool.assumeAvailable(".", "exiftool", "-ver");
        Path wide = wideGamutPng();
        Path srgbProfile = dir.resolve("sRGB.icc");
        Files.write(srgbProfile, ICC_Profile.getInstance(ColorSpace.CS_sRGB).getData());
        Path reference = dir.resolve("reference.png");
        ExternalTool.run(List.of(CONVERT, wide.toString(), "-profile", srgbProfile.toString(), "-depth", "16",
                "+profile", "*", reference.toString()));
        try (Picture ours = PictureReader.read(wide, ImageLimits.DEFAULT);
             Picture theirs = PictureReader.read(reference, ImageLimits.DEFAULT)) {
            float[] a = pixels(ours.rgb());
            float[] b = pixels(theirs.rgb());
            double worst = 0;
            for (int i = 0; i < a.length; i++) {
                worst = Math.max(worst, Math.abs(Math.clamp(a[i], 0, 1) - b[i]));
            }
            assertTrue(worst < 1.5 / 255, "largest difference from LittleCMS: " + worst * 255 + " / 255");
        }
    }

    @Test
    void writesThePhotoBackInItsOwnProfileUnchanged() throws Exception {
        ExternalTool.assumeAvailable(".", "exiftool", "-ver");
        Path wide = wideGamutPng();
        for (ImageFormat format : List.of(ImageFormat.PNG, ImageFormat.TIFF)) {
            Path out = dir.resolve("back." + format.extension());
            try (Picture picture = PictureReader.read(wide, ImageLimits.DEFAULT)) {
                assertEquals(16, picture.bitDepth());
                PictureWriter.write(picture, out, format, 95, OutputMetadata.KEEP);
            }
            int[] before = raw16(wide);
            int[] after = raw16(out);
            int worst = 0;
            int where = 0;
            for (int i = 0; i < before.length; i++) {
                if (Math.abs(before[i] - after[i]) > worst) {
                    worst = Math.abs(before[i] - after[i]);
                    where = i;
                }
            }
            int p = where / 3 * 3;
            String at = "pixel " + before[p] + "," + before[p + 1] + "," + before[p + 2] + " -> " + after[p] + ","
                    + after[p + 1] + "," + after[p + 2];
            // 27 of 65,535 at most, at a channel at 0 beside a saturated one: a pure gamma curve's infinite slope at
            // 0 turns float rounding of the sRGB working values into that (a tenth of an 8-bit step).
            assertTrue(worst <= 40, format + ": largest 16-bit difference after the round trip " + worst + " at " + at);
            String description = ExternalTool.run(List.of("exiftool", "-s3", "-ICC_Profile:ProfileDescription",
                    out.toString()));
            assertTrue(description.contains("Adobe"), format + " carries the profile again: " + description);
        }
    }

    @Test
    void stripConvertsToSrgbAndDropsTheProfile() throws Exception {
        ExternalTool.assumeAvailable(".", "exiftool", "-ver");
        Path out = dir.resolve("stripped.png");
        Mat srgbValues;
        try (Picture picture = PictureReader.read(wideGamutPng(), ImageLimits.DEFAULT)) {
            srgbValues = picture.rgb().clone();
            PictureWriter.write(picture, out, ImageFormat.PNG, 95, OutputMetadata.STRIP);
        }
        try (Picture back = PictureReader.read(out, ImageLimits.DEFAULT)) {
            float[] expected = pixels(srgbValues);
            float[] actual = pixels(back.rgb());
            for (int i = 0; i < expected.length; i++) {
                assertEquals(Math.clamp(expected[i], 0, 1), actual[i], 1.0 / 65535 + 1e-6);
            }
        } finally {
            srgbValues.release();
        }
    }

    @Test
    void srgbProfilesAreNotConverted() {
        assertTrue(IccConversion.of(ICC_Profile.getInstance(ColorSpace.CS_sRGB).getData()).isEmpty());
        assertTrue(IccConversion.of(adobeProfile()).isPresent());
    }

    @Test
    void convertsA24MegapixelPhotoInSeconds() {
        IccConversion conversion = IccConversion.of(adobeProfile()).orElseThrow();
        Mat photo = new Mat(4000, 6000, CvType.CV_32FC3, new org.opencv.core.Scalar(0.2, 0.5, 0.8));
        try {
            long start = System.nanoTime();
            Mat srgb = conversion.toSrgb(photo);
            Mat back = conversion.fromSrgb(srgb);
            long millis = (System.nanoTime() - start) / 1_000_000;
            float[] value = new float[3];
            back.get(1234, 4321, value);
            assertArrayEquals(new float[] {0.2f, 0.5f, 0.8f}, value, 2e-4f);
            srgb.release();
            back.release();
            assertTrue(millis < 20_000, "24 MP there and back took " + millis + " ms");
            System.out.println("ICC conversion of 24 MP there and back: " + millis + " ms");
        } finally {
            photo.release();
        }
    }

    private byte[] adobeProfile() {
        try (var in = getClass().getResourceAsStream("/icc/compatibleWithAdobeRGB1998.icc")) {
            return in.readAllBytes();
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    /** A 16-bit PNG of saturated and dark colours, tagged with the Adobe RGB-compatible profile by exiftool. */
    private Path wideGamutPng() throws Exception {
        Mat bgr = new Mat(SIDE, SIDE, CvType.CV_16UC3);
        short[] values = new short[SIDE * SIDE * 3];
        for (int y = 0; y < SIDE; y++) {
            for (int x = 0; x < SIDE; x++) {
                int i = (y * SIDE + x) * 3;
                values[i] = (short) (x * 4369);            // blue
                values[i + 1] = (short) (y * 4369);        // green
                values[i + 2] = (short) (((x + y) % SIDE) * 4369); // red
            }
        }
        bgr.put(0, 0, values);
        Path file = dir.resolve("wide.png");
        MatOfByte encoded = new MatOfByte();
        Imgcodecs.imencode(".png", bgr, encoded);
        Files.write(file, encoded.toArray());
        encoded.release();
        bgr.release();
        Path profile = dir.resolve("adobe.icc");
        Files.write(profile, adobeProfile());
        ExternalTool.run(List.of("exiftool", "-q", "-overwrite_original", "-ICC_Profile<=" + profile,
                file.toString()));
        return file;
    }

    private static int[] raw16(Path file) throws Exception {
        Mat decoded = Imgcodecs.imdecode(new MatOfByte(Files.readAllBytes(file)), Imgcodecs.IMREAD_UNCHANGED);
        assertEquals(CvType.CV_16UC3, decoded.type(), file + " is 16-bit RGB");
        short[] values = new short[(int) decoded.total() * 3];
        decoded.get(0, 0, values);
        decoded.release();
        int[] out = new int[values.length];
        for (int i = 0; i < out.length; i++) {
            out[i] = values[i] & 0xFFFF;
        }
        return out;
    }

    private static float[] pixels(Mat mat) {
        float[] out = new float[(int) mat.total() * 3];
        mat.get(0, 0, out);
        return out;
    }
}
