package studio.loc.diffusion.image.metadata;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import org.apache.commons.imaging.Imaging;
import org.apache.commons.imaging.formats.tiff.TiffImageMetadata;
import org.apache.commons.imaging.formats.tiff.constants.TiffDirectoryConstants;
import org.apache.commons.imaging.formats.tiff.fieldtypes.AbstractFieldType;
import org.apache.commons.imaging.formats.tiff.taginfos.TagInfoUndefineds;
import org.apache.commons.imaging.formats.tiff.write.TiffImageWriterLossless;
import org.apache.commons.imaging.formats.tiff.write.TiffOutputDirectory;
import org.apache.commons.imaging.formats.tiff.write.TiffOutputField;
import org.apache.commons.imaging.formats.tiff.write.TiffOutputSet;

/**
 * Metadata in a TIFF the encoder wrote: the carried EXIF's root fields join the file's first directory, its EXIF,
 * GPS and interoperability directories are added, and XMP (tag 700), IPTC (33723) and the ICC profile (34675) become
 * fields of the first directory. Commons Imaging's lossless writer keeps the encoder's pixel data as it is.
 */
final class TiffFields {

    private TiffFields() {
    }

    static byte[] withMetadata(byte[] tiff, byte[] exifBlock, String software, String xmp, byte[] iptc, byte[] icc)
            throws IOException {
        if (!(Imaging.getMetadata(tiff) instanceof TiffImageMetadata own)) {
            throw new IOException("the encoder's TIFF file has no directory");
        }
        TiffOutputSet set = own.getOutputSet();
        TiffOutputSet exif = ExifBlock.stamped(exifBlock, software, set.byteOrder);
        TiffOutputDirectory root = set.getOrCreateRootDirectory();
        if (exif != null) {
            for (TiffOutputDirectory directory : exif) {
                if (directory.getType() == TiffDirectoryConstants.DIRECTORY_TYPE_ROOT) {
                    for (TiffOutputField field : directory.getFields()) {
                        root.removeField(field.tag);
                        root.add(field);
                    }
                } else if (set.findDirectory(directory.getType()) == null) {
                    set.addDirectory(directory);
                }
            }
        }
        if (xmp != null) {
            replace(root, ExifBlock.TAG_XMP, AbstractFieldType.BYTE, xmp.getBytes(StandardCharsets.UTF_8));
        }
        if (iptc != null) {
            replace(root, ExifBlock.TAG_IPTC, AbstractFieldType.UNDEFINED, iptc);
        }
        if (icc != null) {
            replace(root, ExifBlock.TAG_ICC, AbstractFieldType.UNDEFINED, icc);
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        new TiffImageWriterLossless(set.byteOrder, tiff).write(out, set);
        return out.toByteArray();
    }

    private static void replace(TiffOutputDirectory root, int tag, AbstractFieldType type, byte[] data) {
        root.removeField(tag);
        TagInfoUndefineds info = new TagInfoUndefineds("tag" + tag, tag, data.length,
                org.apache.commons.imaging.formats.tiff.constants.TiffDirectoryType.TIFF_DIRECTORY_ROOT);
        root.add(new TiffOutputField(tag, info, type, data.length, data));
    }
}
