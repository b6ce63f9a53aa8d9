package studio.loc.app.batch;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Optional;
import java.util.OptionalLong;
import studio.loc.diffusion.image.ImageFormat;
import studio.loc.diffusion.image.ImageFormatException;
import studio.loc.diffusion.image.ImageHeader;
import studio.loc.diffusion.image.ImageLimits;
import studio.loc.diffusion.image.Picture;
import studio.loc.diffusion.image.PictureReader;
import studio.loc.diffusion.image.PictureWriter;
import studio.loc.diffusion.image.metadata.OutputMetadata;

/** The product's photo files: {@link PictureReader} and {@link PictureWriter} (PNG, JPEG, TIFF, WebP, BMP). */
public final class PictureFilesCodec implements ImageCodec {

    @Override
    public Optional<String> formatOf(String fileName) {
        return ImageFormat.fromFileName(fileName).map(PictureFilesCodec::name);
    }

    @Override
    public String extensionFor(String format) {
        return formatFor(format).extension();
    }

    @Override
    public boolean holds16Bit(String format) {
        return formatFor(format).supports16Bit();
    }

    @Override
    public Picture read(Path file, long maxPixels) throws UnreadableImageException {
        try {
            return PictureReader.read(file, new ImageLimits(maxPixels));
        } catch (ImageFormatException e) {
            throw new UnreadableImageException(e.getMessage(), e);
        }
    }

    @Override
    public OptionalLong pixels(Path file) {
        try {
            ImageHeader header = PictureReader.probe(file);
            return OptionalLong.of((long) header.width() * header.height());
        } catch (ImageFormatException e) {
            return OptionalLong.empty(); // the read itself will say what is wrong
        }
    }

    @Override
    public void write(Picture picture, Path file, String format, int jpegQuality) throws IOException {
        PictureWriter.write(picture, file, formatFor(format), jpegQuality);
    }

    @Override
    public void write(Picture picture, Path file, String format, int jpegQuality, OutputMetadata metadata)
            throws IOException {
        PictureWriter.write(picture, file, formatFor(format), jpegQuality, metadata);
    }

    private static String name(ImageFormat format) {
        return format.name().toLowerCase(Locale.ROOT);
    }

    private static ImageFormat formatFor(String format) {
        try {
            return ImageFormat.valueOf(format.toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("unknown image format \"" + format + "\"", e);
        }
    }
}
