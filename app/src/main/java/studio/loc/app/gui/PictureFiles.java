package studio.loc.app.gui;

import java.nio.file.Path;
import studio.loc.diffusion.image.Picture;

/**
 * Reading and writing the user's picture files, as the GUI needs it. The real implementation delegates to the
 * diffusion module's reader and writer (size limits, bit depth, alpha, atomic writes); tests may substitute.
 */
public interface PictureFiles {

    /** Decodes a file; refuses files that are not images, too large or corrupt with a message naming the file. */
    Picture read(Path file) throws PictureFileException;

    /**
     * Writes atomically, keeping the picture's size and bit depth where the format allows.
     *
     * @param jpegQuality 1..100, used when {@code format} is JPEG
     */
    void write(Picture picture, Path file, ExportFormat format, int jpegQuality) throws PictureFileException;
}
