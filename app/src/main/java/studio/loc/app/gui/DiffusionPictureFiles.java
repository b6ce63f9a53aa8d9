package studio.loc.app.gui;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Locale;
import studio.loc.app.batch.ImageCodec;
import studio.loc.app.batch.PictureFilesCodec;
import studio.loc.app.batch.UnreadableImageException;
import studio.loc.app.messages.FailureMessages;
import studio.loc.app.messages.Texts;
import studio.loc.diffusion.image.ImageLimits;
import studio.loc.diffusion.image.Picture;

/**
 * The application's picture files as the GUI sees them: the same {@link PictureFilesCodec} the batch and the command
 * line use (the diffusion module's reader with its size limits, and its atomic writer), with the GUI's errors.
 */
public final class DiffusionPictureFiles implements PictureFiles {

    private final ImageCodec codec = new PictureFilesCodec();
    private final ImageLimits limits;

    public DiffusionPictureFiles() {
        this(ImageLimits.DEFAULT);
    }

    public DiffusionPictureFiles(ImageLimits limits) {
        this.limits = limits;
    }

    @Override
    public Picture read(Path file) throws PictureFileException {
        try {
            return codec.read(file, limits.maxPixels());
        } catch (UnreadableImageException e) {
            throw new PictureFileException(e.getMessage(), e);
        }
    }

    @Override
    public void write(Picture picture, Path file, ExportFormat format, int jpegQuality) throws PictureFileException {
        try {
            codec.write(picture, file, format.imageFormat().name().toLowerCase(Locale.ROOT), jpegQuality);
        } catch (IOException e) {
            throw new PictureFileException(Texts.format("picture.notWritten", file.getFileName(),
                    FailureMessages.describe(e)), e);
        }
    }
}
