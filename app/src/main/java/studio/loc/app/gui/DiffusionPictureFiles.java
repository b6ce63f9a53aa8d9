package studio.loc.app.gui;

import java.io.IOException;
import java.nio.file.Path;
import studio.loc.diffusion.image.ImageFormatException;
import studio.loc.diffusion.image.ImageLimits;
import studio.loc.diffusion.image.OpenCv;
import studio.loc.diffusion.image.Picture;
import studio.loc.diffusion.image.PictureReader;
import studio.loc.diffusion.image.PictureWriter;
import studio.loc.app.messages.FailureMessages;
import studio.loc.app.messages.Texts;

/** The application's picture files: the diffusion module's reader (with its size limits) and atomic writer. */
public final class DiffusionPictureFiles implements PictureFiles {

    private final ImageLimits limits;

    public DiffusionPictureFiles() {
        this(ImageLimits.DEFAULT);
    }

    public DiffusionPictureFiles(ImageLimits limits) {
        this.limits = limits;
    }

    @Override
    public Picture read(Path file) throws PictureFileException {
        OpenCv.ensureLoaded();
        try {
            return PictureReader.read(file, limits);
        } catch (ImageFormatException e) {
            throw new PictureFileException(e.getMessage(), e);
        }
    }

    @Override
    public void write(Picture picture, Path file, ExportFormat format, int jpegQuality) throws PictureFileException {
        try {
            PictureWriter.write(picture, file, format.imageFormat(), jpegQuality);
        } catch (IOException e) {
            throw new PictureFileException(Texts.format("picture.notWritten", file.getFileName(),
                    FailureMessages.describe(e)), e);
        }
    }
}
