package studio.loc.spark;

import java.io.IOException;
import java.util.Locale;
import studio.loc.diffusion.image.ImageFormat;
import studio.loc.diffusion.image.ImageFormatException;
import studio.loc.diffusion.image.ImageLimits;
import studio.loc.diffusion.image.Picture;
import studio.loc.diffusion.image.PictureReader;
import studio.loc.diffusion.image.PictureWriter;
import studio.loc.diffusion.image.metadata.OutputMetadata;
import studio.loc.diffusion.progress.CancelledException;
import studio.loc.hypernet.engine.EngineException;

/**
 * The work on one photo, as {@code loc-studio apply} does it: decode with the product's reader (bit depth, size,
 * alpha and EXIF orientation kept), edit, encode with the product's writer, write atomically; skip it when a
 * previous run finished it with the same settings. Every problem of the photo alone becomes a failed outcome with
 * a reason, never an exception that would fail the Spark task. Knows nothing of Spark.
 */
final class PhotoEditor {

    /** Edits one decoded picture; the caller closes the result. */
    @FunctionalInterface
    interface PictureEdit {
        Picture apply(Picture picture) throws EngineException, CancelledException;
    }

    /** The photo's bytes, fetched only when the photo must be edited. */
    @FunctionalInterface
    interface Content {
        byte[] bytes() throws IOException;
    }

    private final PhotoOutputs outputs;
    private final EditSettings settings;
    private final PictureEdit edit;
    private final OutputMetadata metadata;

    PhotoEditor(PhotoOutputs outputs, EditSettings settings, PictureEdit edit) {
        this(outputs, settings, edit, OutputMetadata.KEEP);
    }

    /** {@code metadata}: what outputs say about themselves, as {@code apply} writes it. */
    PhotoEditor(PhotoOutputs outputs, EditSettings settings, PictureEdit edit, OutputMetadata metadata) {
        this.metadata = metadata;
        this.outputs = outputs;
        this.settings = settings;
        this.edit = edit;
    }

    PhotoOutcome edit(PlannedPhoto photo, long inputSize, long inputModified, Content content)
            throws CancelledException {
        String key = settings.key(photo.format());
        if (outputs.isComplete(photo, inputSize, inputModified, key)) {
            return outcome(photo, PhotoOutcome.Status.ALREADY_DONE, "");
        }
        String name = photo.input().substring(photo.input().lastIndexOf('/') + 1);
        byte[] encoded;
        try (Picture input = PictureReader.read(content.bytes(), name, new ImageLimits(settings.maxPixels()));
             Picture edited = edit.apply(input)) {
            if (edited.width() != input.width() || edited.height() != input.height()) {
                return failed(photo, "the engine returned " + edited.width() + "x" + edited.height() + " for a "
                        + input.width() + "x" + input.height() + " photo");
            }
            encoded = PictureWriter.encode(edited, ImageFormat.valueOf(photo.format().toUpperCase(Locale.ROOT)),
                    settings.jpegQuality(), photo.outputKey(), metadata);
        } catch (ImageFormatException | EngineException e) {
            return failed(photo, e.getMessage());
        } catch (IOException e) {
            return failed(photo, "cannot be read or encoded: " + describe(e));
        } catch (RuntimeException e) {
            // an engine or codec bug on one photo must not end a night-long batch
            return failed(photo, "internal error: " + e);
        }
        try {
            outputs.write(photo, encoded, inputSize, inputModified, key);
        } catch (IOException e) {
            return failed(photo, "cannot be written: " + describe(e));
        }
        return outcome(photo, PhotoOutcome.Status.DONE, "");
    }

    private static String describe(IOException e) {
        return e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
    }

    private static PhotoOutcome failed(PlannedPhoto photo, String reason) {
        return outcome(photo, PhotoOutcome.Status.FAILED, reason);
    }

    private static PhotoOutcome outcome(PlannedPhoto photo, PhotoOutcome.Status status, String reason) {
        return new PhotoOutcome(photo.input(), photo.outputKey(), status, reason);
    }
}
