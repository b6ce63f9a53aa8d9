package studio.loc.diffusion.image.metadata;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import org.apache.commons.imaging.formats.jpeg.exif.ExifRewriter;
import org.apache.commons.imaging.formats.jpeg.xmp.JpegXmpRewriter;
import org.apache.commons.imaging.formats.tiff.write.TiffOutputSet;
import studio.loc.diffusion.image.ImageFormat;

/**
 * Puts a photo's metadata into the file the encoder made of its edit: EXIF with LoC Studio as its Software, XMP
 * with a history event saying what was done, IPTC (JPEG and TIFF; PNG and WebP have no place for it, and XMP
 * carries the same fields there), and the ICC profile the pixels were converted back into. BMP holds none of it.
 */
public final class MetadataWriter {

    private MetadataWriter() {
    }

    /**
     * {@code encoded} (a file in {@code format} without metadata) with {@code metadata} as {@code output} asks.
     *
     * @param iccProfile the profile the encoded pixels are in, or null for sRGB
     */
    public static byte[] embed(byte[] encoded, ImageFormat format, int width, int height, boolean alpha,
                               PhotoMetadata metadata, byte[] iccProfile, OutputMetadata output) throws IOException {
        if (!output.keep() || format == ImageFormat.BMP || metadata.isEmpty() && output.action().isEmpty()) {
            return encoded;
        }
        TiffOutputSet exif = ExifBlock.stamped(metadata.exif(), output.software());
        String xmp = XmpHistory.withEvent(metadata.xmp(), output.software(), output.action());
        return switch (format) {
            case JPEG -> jpeg(encoded, exif, xmp, metadata.iptc(), iccProfile);
            case PNG -> PngChunks.withMetadata(encoded, ExifBlock.serialise(exif), xmp, iccProfile);
            case WEBP -> WebpChunks.withMetadata(encoded, width, height, alpha, ExifBlock.serialise(exif), xmp,
                    iccProfile);
            case TIFF -> TiffFields.withMetadata(encoded, metadata.exif(), output.software(), xmp, metadata.iptc(), iccProfile);
            case BMP -> encoded;
        };
    }

    private static byte[] jpeg(byte[] jpeg, TiffOutputSet exif, String xmp, byte[] iptc, byte[] icc)
            throws IOException {
        byte[] out = jpeg;
        if (iptc != null) {
            out = JpegSegments.withIptc(out, iptc);
        }
        if (icc != null) {
            out = JpegSegments.withIccProfile(out, icc);
        }
        ByteArrayOutputStream withXmp = new ByteArrayOutputStream();
        new JpegXmpRewriter().updateXmpXml(out, withXmp, xmp);
        ByteArrayOutputStream withExif = new ByteArrayOutputStream();
        new ExifRewriter().updateExifMetadataLossless(withXmp.toByteArray(), withExif, exif);
        return withExif.toByteArray();
    }
}
