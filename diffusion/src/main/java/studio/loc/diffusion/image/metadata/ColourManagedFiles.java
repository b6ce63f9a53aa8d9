package studio.loc.diffusion.image.metadata;

import java.io.IOException;
import java.util.Optional;
import org.opencv.core.Mat;
import studio.loc.diffusion.colour.icc.IccConversion;
import studio.loc.diffusion.image.ImageFormat;
import studio.loc.diffusion.image.MatScope;
import studio.loc.diffusion.image.Picture;

/**
 * The two ends of colour management and metadata for picture files: a decoded picture gets its file's metadata
 * and is converted from its embedded profile into sRGB; a picture about to be encoded is converted back into that
 * profile, and the encoded file gets the metadata and the profile again.
 */
public final class ColourManagedFiles {

    private ColourManagedFiles() {
    }

    /** {@code decoded} (owned; closed when replaced) with the metadata of {@code file} and its pixels in sRGB. */
    public static Picture afterDecoding(Picture decoded, byte[] file, ImageFormat format) {
        PhotoMetadata metadata = MetadataReader.read(file, format);
        if (metadata.isEmpty()) {
            return decoded;
        }
        Optional<IccConversion> conversion = IccConversion.of(metadata.iccProfile());
        if (conversion.isEmpty()) {
            // The same native pixels (the file's integers, if it was read as those) under a new owner.
            return decoded.withMetadata(metadata);
        }
        try (Picture source = decoded) {
            Mat rgb = conversion.get().toSrgb(source.rgb());
            return new Picture(rgb, source.hasAlpha() ? source.alpha().clone() : null, source.bitDepth(), metadata);
        }
    }

    /**
     * The pixels to encode for {@code picture}: converted into its profile when the output keeps metadata (the
     * caller closes the result when it is not {@code picture} itself).
     */
    public static Picture beforeEncoding(Picture picture, OutputMetadata output) {
        Optional<IccConversion> conversion = output.keep()
                ? IccConversion.of(picture.metadata().iccProfile()) : Optional.empty();
        if (conversion.isEmpty()) {
            return picture;
        }
        try (MatScope scope = new MatScope()) {
            Mat rgb = scope.add(conversion.get().fromSrgb(picture.rgb()));
            Picture converted = new Picture(rgb, picture.hasAlpha() ? picture.alpha().clone() : null,
                    picture.bitDepth(), picture.metadata());
            scope.keep(rgb);
            return converted;
        }
    }

    /** {@code encoded} with {@code picture}'s metadata and profile as {@code output} asks. */
    public static byte[] afterEncoding(byte[] encoded, Picture picture, ImageFormat format, OutputMetadata output)
            throws IOException {
        PhotoMetadata metadata = picture.metadata();
        return MetadataWriter.embed(encoded, format, picture.width(), picture.height(),
                picture.hasAlpha() && format.supportsAlpha(), metadata, metadata.iccProfile(), output);
    }
}
