package studio.loc.app.batch;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Optional;
import java.util.OptionalLong;
import studio.loc.diffusion.image.Picture;
import studio.loc.diffusion.image.metadata.OutputMetadata;

/**
 * Reads and writes photo files for the batch. One seam so the batch logic (naming, resume, failures) does not
 * depend on how pixels are decoded; the product uses {@link PictureFilesCodec}.
 */
public interface ImageCodec {

    /**
     * The format a file name's extension names, lower case ({@code "png"}, {@code "jpeg"}, {@code "tiff"},
     * {@code "webp"}, ...), or empty when the name is not one of the image types this codec handles.
     */
    Optional<String> formatOf(String fileName);

    /** The file extension (without dot) for outputs written in {@code format}, e.g. {@code "jpg"}. */
    String extensionFor(String format);

    /** Whether {@code format} holds 16 bits per channel (a 16-bit photo written in another is reduced to 8). */
    default boolean holds16Bit(String format) {
        return true;
    }

    /**
     * Decodes a photo, keeping its size and bit depth.
     *
     * @param maxPixels refuse pictures with more pixels than this (before decoding them)
     * @throws UnreadableImageException if the file is not a decodable image, too large, or cannot be read; the
     *                                  message says which
     */
    Picture read(Path file, long maxPixels) throws UnreadableImageException;

    /**
     * How many pixels the photo has, from its header (nothing is decoded), or empty when that is not known: the
     * batch reads the next photo ahead only when it is small enough.
     */
    default OptionalLong pixels(Path file) {
        return OptionalLong.empty();
    }

    /**
     * Encodes {@code picture} into {@code file} in {@code format}. The batch writes to a temporary name and
     * renames it afterwards, so this need not be atomic itself.
     *
     * @throws IOException if writing failed (a full disk among other causes)
     */
    void write(Picture picture, Path file, String format, int jpegQuality) throws IOException;

    /**
     * {@link #write(Picture, Path, String, int)} with the metadata {@code metadata} asks for; a codec that writes no
     * metadata ignores it.
     */
    default void write(Picture picture, Path file, String format, int jpegQuality, OutputMetadata metadata)
            throws IOException {
        write(picture, file, format, jpegQuality);
    }
}
