package studio.loc.diffusion.image.metadata;

import java.awt.color.ColorSpace;
import java.awt.color.ICC_Profile;
import org.apache.commons.imaging.Imaging;
import org.apache.commons.imaging.common.ImageMetadata;
import org.apache.commons.imaging.formats.tiff.TiffField;
import org.apache.commons.imaging.formats.tiff.TiffImageMetadata;
import studio.loc.diffusion.image.ImageFormat;

/**
 * Reads what a photo file says about itself (EXIF, XMP, IPTC, ICC profile) with Apache Commons Imaging. Metadata
 * is a courtesy, never a reason to refuse a photo: a part that cannot be read is left out, and the pixels are read
 * as usual.
 */
public final class MetadataReader {

    private MetadataReader() {
    }

    /** The metadata of {@code file} (the file's bytes, in {@code format}); {@link PhotoMetadata#NONE} for BMP. */
    public static PhotoMetadata read(byte[] file, ImageFormat format) {
        if (format == ImageFormat.BMP) {
            return PhotoMetadata.NONE;
        }
        byte[] exif = null;
        byte[] iptc = null;
        try {
            ImageMetadata image = Imaging.getMetadata(file);
            TiffImageMetadata tiff = ExifBlock.exifOf(image);
            if (tiff != null) {
                exif = ExifBlock.carried(tiff, GpsVersion.of(file, format));
                if (format == ImageFormat.TIFF) {
                    iptc = rawField(tiff, ExifBlock.TAG_IPTC);
                }
            }
        } catch (Exception | StackOverflowError e) {
            exif = null; // unreadable EXIF: the photo is still a photo
        }
        if (format == ImageFormat.JPEG) {
            iptc = JpegSegments.iptcOf(file);
        }
        return new PhotoMetadata(exif, xmpOf(file), iptc, rgbProfileOf(file));
    }

    private static String xmpOf(byte[] file) {
        try {
            return Imaging.getXmpXml(file);
        } catch (Exception e) {
            return null;
        }
    }

    /** The embedded profile when it is a valid RGB profile (a grey or CMYK one does not describe our pixels). */
    private static byte[] rgbProfileOf(byte[] file) {
        try {
            byte[] bytes = Imaging.getIccProfileBytes(file);
            if (bytes == null) {
                return null;
            }
            ICC_Profile profile = ICC_Profile.getInstance(bytes);
            return profile.getColorSpaceType() == ColorSpace.TYPE_RGB ? bytes : null;
        } catch (Exception e) {
            return null;
        }
    }

    private static byte[] rawField(TiffImageMetadata tiff, int tag) {
        for (TiffField field : tiff.getAllFields()) {
            if (field.getTag() == tag && field.getDirectoryType() == 0) {
                return field.getByteArrayValue();
            }
        }
        return null;
    }
}
