package studio.loc.diffusion.image.metadata;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.opencv.core.CvType;
import org.opencv.core.Mat;
import studio.loc.diffusion.image.ImageFormat;
import studio.loc.diffusion.image.ImageLimits;
import studio.loc.diffusion.image.OpenCv;
import studio.loc.diffusion.image.Picture;
import studio.loc.diffusion.image.PictureReader;
import studio.loc.diffusion.image.PictureWriter;

/**
 * A photographer's JPEG (artist, copyright, camera, GPS, IPTC, XMP, a thumbnail, orientation 6) through the reader
 * and the writer into every format: {@code exiftool -j} of the output has every field of the input, except the
 * expected changes (orientation 1, Software LoC Studio, no thumbnail, one more history event).
 */
class MetadataRoundTripTest {

    /** exiftool groups that describe the file itself, not the photo (sizes, encoder, JFIF header, computed). */
    private static final Set<String> FILE_GROUPS = Set.of("ExifTool", "System", "File", "JFIF", "Composite", "PNG",
            "RIFF", "ICC-header", "ICC_Profile", "ICC-view", "ICC-meas", "IFD1", "SourceFile");
    /** Fields that describe the pixel layout or are the expected changes. */
    private static final Set<String> CHANGED = Set.of("IFD0:Orientation", "IFD0:Software",
            "XMP-x:XMPToolkit", "ExifIFD:ExifImageWidth", "ExifIFD:ExifImageHeight");

    @TempDir
    Path dir;

    @BeforeAll
    static void tools() {
        OpenCv.ensureLoaded();
        ExternalTool.assumeAvailable(".", "exiftool", "-ver");
    }

    @ParameterizedTest
    @EnumSource(value = ImageFormat.class, names = {"JPEG", "PNG", "TIFF", "WEBP"})
    void keepsEveryFieldExceptTheExpectedChanges(ImageFormat format) throws Exception {
        Path input = taggedJpeg();
        Path output = dir.resolve("out." + format.extension());
        try (Picture picture = PictureReader.read(input, ImageLimits.DEFAULT)) {
            assertEquals(24, picture.width(), "orientation 6 turns the 32 x 24 pixels upright");
            PictureWriter.write(picture, output, format, 95, OutputMetadata.keep("applied change warm at strength 1"));
        }
        Map<String, String> before = exiftool(input);
        Map<String, String> after = exiftool(output);
        List<String> lost = new ArrayList<>();
        for (Map.Entry<String, String> field : before.entrySet()) {
            String key = field.getKey();
            String group = key.substring(0, key.indexOf(':'));
            boolean iptcHasNoPlace = group.equals("IPTC") && (format == ImageFormat.PNG || format == ImageFormat.WEBP);
            if (FILE_GROUPS.contains(group) || CHANGED.contains(key) || iptcHasNoPlace
                    || key.startsWith("XMP-xmpMM:History")) {
                continue;
            }
            if (!field.getValue().equals(after.get(key))) {
                lost.add(key + ": " + field.getValue() + " -> " + after.get(key));
            }
        }
        assertTrue(lost.isEmpty(), "fields lost or changed in " + format + ": " + lost);
        assertEquals("1", after.get("IFD0:Orientation"));
        assertEquals("LoC Studio", after.get("IFD0:Software"));
        assertFalse(after.keySet().stream().anyMatch(k -> k.startsWith("IFD1:")), "thumbnail dropped: " + after);
        assertTrue(after.getOrDefault("XMP-xmpMM:HistorySoftwareAgent", "").contains("LoC Studio"), after.toString());
        assertTrue(after.getOrDefault("XMP-xmpMM:HistoryParameters", "").contains("applied change warm"));
        assertTrue(after.getOrDefault("ICC_Profile:ProfileDescription", "").contains("Adobe"),
                "the profile is embedded again: " + after.get("ICC_Profile:ProfileDescription"));
    }

    @Test
    void stripWritesNoMetadataAndNoProfile() throws Exception {
        Path output = dir.resolve("bare.jpg");
        try (Picture picture = PictureReader.read(taggedJpeg(), ImageLimits.DEFAULT)) {
            PictureWriter.write(picture, output, ImageFormat.JPEG, 95, OutputMetadata.STRIP);
        }
        Map<String, String> after = exiftool(output);
        assertNull(after.get("IFD0:Artist"), after.toString());
        assertNull(after.get("XMP-dc:Rights"));
        assertNull(after.get("IPTC:By-line"));
        assertNull(after.get("ICC_Profile:ProfileDescription"));
    }

    @Test
    void picturesMadeInMemoryAreWrittenBare() throws Exception {
        Path output = dir.resolve("plain.png");
        try (Picture picture = grey(8, 8)) {
            PictureWriter.write(picture, output, ImageFormat.PNG, 95);
        }
        assertNull(exiftool(output).get("XMP-xmpMM:HistorySoftwareAgent"));
    }

    /** A 32 x 24 JPEG tagged by exiftool as a camera and a photographer's catalogue would tag it. */
    private Path taggedJpeg() throws Exception {
        Path file = dir.resolve("tagged.jpg");
        Path thumb = dir.resolve("thumb.jpg");
        try (Picture picture = grey(32, 24); Picture small = grey(8, 6)) {
            PictureWriter.write(picture, file, ImageFormat.JPEG, 95);
            PictureWriter.write(small, thumb, ImageFormat.JPEG, 80);
        }
        Path profile = Path.of(getClass().getResource("/icc/compatibleWithAdobeRGB1998.icc").toURI());
        ExternalTool.run(List.of("exiftool", "-q", "-overwrite_original", "-n",
                "-Artist=Ansel Example", "-Copyright=(c) 2026 Ansel Example", "-Make=ExampleCam",
                "-Model=X100 Mark II", "-Orientation=6", "-DateTimeOriginal=2026:05:04 10:20:30",
                "-ExposureTime=0.004", "-FNumber=5.6", "-ISO=200", "-LensModel=Example 35mm F2",
                "-GPSLatitude=48.8584", "-GPSLatitudeRef=N", "-GPSLongitude=2.2945", "-GPSLongitudeRef=E",
                "-IPTC:By-line=Ansel Example", "-IPTC:CopyrightNotice=(c) 2026 Ansel Example",
                "-IPTC:Keywords=tower", "-IPTC:City=Paris",
                "-XMP-dc:Creator=Ansel Example", "-XMP-dc:Rights=All rights reserved", "-XMP-dc:Subject=tower",
                "-XMP-xmpRights:Marked=True", "-ThumbnailImage<=" + thumb, "-ICC_Profile<=" + profile,
                file.toString()));
        Map<String, String> tagged = exiftool(file);
        assertEquals("Ansel Example", tagged.get("IFD0:Artist"), "exiftool tagged the input: " + tagged);
        assertTrue(tagged.containsKey("IFD1:ThumbnailImage") || tagged.containsKey("IFD1:ThumbnailLength"));
        return file;
    }

    private static Picture grey(int width, int height) {
        Mat rgb = new Mat(height, width, CvType.CV_32FC3, new org.opencv.core.Scalar(0.4, 0.5, 0.6));
        return Picture.of(rgb);
    }

    /** exiftool's fields of {@code file} as "Group:Tag" → value (numbers as numbers, {@code -n}). */
    static Map<String, String> exiftool(Path file) throws Exception {
        String json = ExternalTool.run(List.of("exiftool", "-j", "-G1", "-n", "-b", file.toString()));
        JsonObject object = JsonParser.parseString(json).getAsJsonArray().get(0).getAsJsonObject();
        Map<String, String> fields = new TreeMap<>();
        for (Map.Entry<String, JsonElement> entry : object.entrySet()) {
            if (entry.getKey().contains(":")) {
                fields.put(entry.getKey(), entry.getValue().toString().replace("\"", ""));
            }
        }
        assertTrue(Files.size(file) > 0);
        return fields;
    }
}
