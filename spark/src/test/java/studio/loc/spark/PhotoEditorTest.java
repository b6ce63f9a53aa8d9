package studio.loc.spark;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.apache.hadoop.conf.Configuration;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.opencv.core.Core;
import org.opencv.core.Mat;
import org.opencv.core.Scalar;
import studio.loc.diffusion.image.ImageFormat;
import studio.loc.diffusion.image.ImageLimits;
import studio.loc.diffusion.image.Picture;
import studio.loc.diffusion.image.PictureReader;
import studio.loc.diffusion.image.PictureWriter;
import studio.loc.diffusion.sample.SamplingOptions;
import studio.loc.hypernet.engine.EngineException;

/** The per-photo work without Spark or a model: a darkening edit stands in for the engine. */
class PhotoEditorTest {

    @TempDir
    Path tmp;

    PhotoOutputs outputs;
    byte[] photo;
    final PhotoEditor.PictureEdit darker = picture -> {
        Mat dark = new Mat();
        Core.multiply(picture.rgb(), new Scalar(0.5, 0.5, 0.5), dark);
        return picture.withRgb(dark);
    };

    @BeforeEach
    void outputFolderAndAPhoto() throws Exception {
        outputs = PhotoOutputs.open(tmp.resolve("out").toUri().toString(), new Configuration());
        Path file = tmp.resolve("in/a.png");
        Catalogue.write(file, Catalogue.picture(24, 16, 2, 16, true), ImageFormat.PNG);
        photo = Files.readAllBytes(file);
    }

    private static EditSettings settings(double strength) {
        return EditSettings.of("model", "change", strength, SamplingOptions.DEFAULTS, 95, 1_000_000);
    }

    private static PlannedPhoto planned() {
        return new PlannedPhoto("file:/in/a.png", "sub/a.png", "png");
    }

    @Test
    void writesWhatTheWriterEncodesAndSkipsItOnARerunWithTheSameSettingsOnly() throws Exception {
        PhotoEditor editor = new PhotoEditor(outputs, settings(1), darker);

        assertEquals(PhotoOutcome.Status.DONE, editor.edit(planned(), photo.length, 1000, () -> photo).status());

        byte[] expected;
        try (Picture read = PictureReader.read(photo, "a.png", ImageLimits.DEFAULT);
             Picture edited = darker.apply(read)) {
            expected = PictureWriter.encode(edited, ImageFormat.PNG, 95, "a.png");
        }
        Path written = tmp.resolve("out/sub/a.png");
        assertArrayEquals(expected, Files.readAllBytes(written));
        try (Picture back = PictureReader.read(written, ImageLimits.DEFAULT)) {
            assertEquals(16, back.bitDepth(), "16 bits stay 16 bits");
            assertTrue(back.hasAlpha());
        }
        assertEquals(PhotoOutcome.Status.ALREADY_DONE,
                editor.edit(planned(), photo.length, 1000, () -> { throw new AssertionError("not read"); }).status());
        assertEquals(PhotoOutcome.Status.DONE, editor.edit(planned(), photo.length, 2000, () -> photo).status(),
                "a changed input is redone");
        assertEquals(PhotoOutcome.Status.DONE, new PhotoEditor(outputs, settings(0.5), darker)
                .edit(planned(), photo.length, 2000, () -> photo).status(), "another strength is redone");
        Files.write(written, new byte[] {1, 2, 3});
        assertEquals(PhotoOutcome.Status.DONE, new PhotoEditor(outputs, settings(0.5), darker)
                .edit(planned(), photo.length, 2000, () -> photo).status(), "a damaged output is redone");
        assertArrayEquals(expected, Files.readAllBytes(written));
        assertEquals(List.of(), partialFiles());
    }

    @Test
    void aPhotoThatCannotBeReadOrEditedFailsWithAReasonAndWritesNothing() throws Exception {
        PhotoEditor editor = new PhotoEditor(outputs, settings(1), darker);
        PhotoOutcome unreadable = editor.edit(planned(), 5, 1, () -> "hello".getBytes());
        assertEquals(PhotoOutcome.Status.FAILED, unreadable.status());
        assertTrue(unreadable.reason().startsWith("a.png is not an image LoC Studio can read"), unreadable.reason());

        PhotoOutcome refused = new PhotoEditor(outputs, settings(1), picture -> {
            throw new EngineException("the model ran out of memory");
        }).edit(planned(), photo.length, 1, () -> photo);
        assertEquals(new PhotoOutcome("file:/in/a.png", "sub/a.png", PhotoOutcome.Status.FAILED,
                "the model ran out of memory"), refused);
        assertFalse(Files.exists(tmp.resolve("out/sub/a.png")));
        assertEquals(List.of(), partialFiles());
    }

    private List<Path> partialFiles() throws Exception {
        Path partial = tmp.resolve("out").resolve(PhotoOutputs.WORK_FOLDER).resolve("partial");
        if (!Files.isDirectory(partial)) {
            return List.of();
        }
        try (Stream<Path> files = Files.list(partial)) {
            return files.toList();
        }
    }
}
