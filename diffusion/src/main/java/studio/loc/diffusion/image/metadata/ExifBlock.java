package studio.loc.diffusion.image.metadata;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteOrder;
import java.util.Set;
import org.apache.commons.imaging.Imaging;
import org.apache.commons.imaging.ImagingException;
import org.apache.commons.imaging.common.ImageMetadata;
import org.apache.commons.imaging.formats.tiff.TiffImageMetadata;
import org.apache.commons.imaging.formats.tiff.constants.GpsTagConstants;
import org.apache.commons.imaging.formats.tiff.constants.TiffDirectoryConstants;
import org.apache.commons.imaging.formats.tiff.constants.TiffTagConstants;
import org.apache.commons.imaging.formats.tiff.write.TiffImageWriterLossy;
import org.apache.commons.imaging.formats.tiff.write.TiffOutputDirectory;
import org.apache.commons.imaging.formats.tiff.write.TiffOutputField;
import org.apache.commons.imaging.formats.tiff.write.TiffOutputSet;

/**
 * EXIF as LoC Studio carries it from a photo to its edit, built with Apache Commons Imaging (which parses and
 * re-lays the TIFF directories, so offsets stay right): the root directory's descriptive fields (camera, artist,
 * copyright, dates...), the EXIF, GPS and interoperability directories; not the thumbnail directory (it shows the
 * unedited photo), not the fields that describe the source file's own pixel layout (size, strips, compression:
 * the output has its own), and not the XMP, IPTC and ICC fields TIFF keeps among them (carried separately).
 * Orientation is 1, since the reader turns the pixels upright.
 */
final class ExifBlock {

    /** Root-directory tags of the pixel layout or of data carried apart; never copied from one file to another. */
    private static final Set<Integer> NOT_CARRIED = Set.of(
            254, 255, 256, 257, 258, 259, 262, 263, 266, 273, 277, 278, 279, 280, 281, 284, 317, 320, 322, 323, 324,
            325, 330, 338, 339, 513, 514, 529, 530, 532,
            700 /* XMP */, 33723 /* IPTC */, 34377 /* Photoshop resources */, 34675 /* ICC profile */,
            34665 /* EXIF pointer */, 34853 /* GPS pointer */, 40965 /* interoperability pointer */);
    static final int TAG_XMP = 700;
    static final int TAG_IPTC = 33723;
    static final int TAG_ICC = 34675;

    private ExifBlock() {
    }

    /** The EXIF that {@code image}'s metadata holds, or null when none (or none Commons Imaging can read). */
    static TiffImageMetadata exifOf(ImageMetadata image) {
        return switch (image) {
            case org.apache.commons.imaging.formats.jpeg.JpegImageMetadata jpeg -> jpeg.getExif();
            case org.apache.commons.imaging.formats.png.PngImageMetadata png -> png.getExif();
            case org.apache.commons.imaging.formats.webp.WebPImageMetadata webp -> webp.getExif();
            case TiffImageMetadata tiff -> tiff;
            case null, default -> null;
        };
    }

    /** The carried part of {@code source} as a TIFF-structured block, or null when nothing is left to carry. */
    static byte[] carried(TiffImageMetadata source, byte[] gpsVersion) throws IOException {
        TiffOutputSet all = outputSet(source, source.contents.header.byteOrder, gpsVersion);
        TiffOutputSet kept = new TiffOutputSet(all.byteOrder);
        for (TiffOutputDirectory directory : all) {
            int type = directory.getType();
            if (type == TiffDirectoryConstants.DIRECTORY_TYPE_ROOT || type == TiffDirectoryConstants.DIRECTORY_TYPE_EXIF
                    || type == TiffDirectoryConstants.DIRECTORY_TYPE_GPS
                    || type == TiffDirectoryConstants.DIRECTORY_TYPE_INTEROPERABILITY) {
                TiffOutputDirectory copy = new TiffOutputDirectory(type, all.byteOrder);
                for (TiffOutputField field : directory.getFields()) {
                    if (!NOT_CARRIED.contains(field.tag)) {
                        copy.add(field);
                    }
                }
                if (type == TiffDirectoryConstants.DIRECTORY_TYPE_ROOT) {
                    copy.removeField(TiffTagConstants.TIFF_TAG_ORIENTATION);
                    copy.add(TiffTagConstants.TIFF_TAG_ORIENTATION, (short) 1);
                }
                if (!copy.getFields().isEmpty() || type == TiffDirectoryConstants.DIRECTORY_TYPE_ROOT) {
                    kept.addDirectory(copy);
                }
            }
        }
        if (kept.getDirectories().size() == 1 && kept.getRootDirectory().getFields().size() == 1) {
            return null; // only the orientation we set ourselves
        }
        return serialise(kept);
    }

    /** {@code exif} (a block from {@link #carried}, or null for none) with {@code software} as its Software. */
    static TiffOutputSet stamped(byte[] exif, String software) throws IOException {
        return stamped(exif, software, null);
    }

    /** {@link #stamped(byte[], String)} with values in {@code order} (null: the block's own). */
    static TiffOutputSet stamped(byte[] exif, String software, ByteOrder order) throws IOException {
        TiffOutputSet set = exif == null ? new TiffOutputSet(order == null ? ByteOrder.BIG_ENDIAN : order)
                : parse(exif, order);
        TiffOutputDirectory root = set.getOrCreateRootDirectory();
        root.removeField(TiffTagConstants.TIFF_TAG_SOFTWARE);
        root.add(TiffTagConstants.TIFF_TAG_SOFTWARE, software);
        if (root.findField(TiffTagConstants.TIFF_TAG_ORIENTATION) == null) {
            root.add(TiffTagConstants.TIFF_TAG_ORIENTATION, (short) 1);
        }
        return set;
    }

    static TiffOutputSet parse(byte[] exif) throws IOException {
        return parse(exif, null);
    }

    /** {@code exif} as fields in {@code order} (null: its own), so they can join a file of that byte order. */
    static TiffOutputSet parse(byte[] exif, ByteOrder order) throws IOException {
        if (!(Imaging.getMetadata(exif) instanceof TiffImageMetadata tiff)) {
            throw new ImagingException("not a TIFF-structured EXIF block");
        }
        return outputSet(tiff, order == null ? tiff.contents.header.byteOrder : order,
                GpsVersion.of(exif, studio.loc.diffusion.image.ImageFormat.TIFF));
    }

    /**
     * Every directory of {@code metadata} with its values encoded in {@code order} (Commons Imaging's own
     * {@code getOutputSet} keeps the source's order, which is wrong inside a file of the other order).
     */
    private static TiffOutputSet outputSet(TiffImageMetadata metadata, ByteOrder order, byte[] gpsVersion)
            throws IOException {
        TiffOutputSet set = new TiffOutputSet(order);
        for (var item : metadata.getDirectories()) {
            if (item instanceof TiffImageMetadata.Directory directory
                    && set.findDirectory(directory.type) == null) {
                TiffOutputDirectory copy = directory.getOutputDirectory(order);
                if (directory.type == TiffDirectoryConstants.DIRECTORY_TYPE_GPS
                        && copy.findField(GpsTagConstants.GPS_TAG_GPS_VERSION_ID) == null) {
                    copy.add(GpsTagConstants.GPS_TAG_GPS_VERSION_ID, gpsVersion);
                }
                set.addDirectory(copy);
            }
        }
        return set;
    }

    static byte[] serialise(TiffOutputSet set) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        new TiffImageWriterLossy(set.byteOrder).write(out, set);
        return out.toByteArray();
    }
}
