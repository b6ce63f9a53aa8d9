package studio.loc.diffusion.image.metadata;

import java.util.Arrays;

/**
 * What a photo file says about itself besides its pixels, as read from it: EXIF (a TIFF-structured block, as JPEG's
 * APP1, PNG's eXIf and WebP's EXIF chunk hold it), XMP (the packet's XML), IPTC (the IIM records) and the embedded
 * ICC colour profile. Each part may be absent (null). EXIF is kept as the reader left it: orientation 1 (the
 * pixels were turned upright), no thumbnail (it would show the unedited photo) and no fields that describe the
 * file's own pixel layout.
 *
 * @param exif    TIFF-structured EXIF bytes, or null
 * @param xmp     the XMP packet, or null
 * @param iptc    IPTC-IIM records (as in Photoshop's resource 0x0404 or TIFF's tag 33723), or null
 * @param iccProfile the embedded RGB ICC profile, or null (the photo is then sRGB)
 */
public record PhotoMetadata(byte[] exif, String xmp, byte[] iptc, byte[] iccProfile) {

    /** A photo that says nothing about itself: sRGB, no EXIF, XMP or IPTC. */
    public static final PhotoMetadata NONE = new PhotoMetadata(null, null, null, null);

    public PhotoMetadata {
        exif = emptyToNull(exif);
        xmp = xmp == null || xmp.isBlank() ? null : xmp;
        iptc = emptyToNull(iptc);
        iccProfile = emptyToNull(iccProfile);
    }

    public boolean isEmpty() {
        return exif == null && xmp == null && iptc == null && iccProfile == null;
    }

    /** The same fields with another profile (null for none). */
    public PhotoMetadata withIccProfile(byte[] profile) {
        return new PhotoMetadata(exif, xmp, iptc, profile);
    }

    private static byte[] emptyToNull(byte[] bytes) {
        return bytes == null || bytes.length == 0 ? null : bytes;
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof PhotoMetadata m && Arrays.equals(exif, m.exif) && java.util.Objects.equals(xmp, m.xmp)
                && Arrays.equals(iptc, m.iptc) && Arrays.equals(iccProfile, m.iccProfile);
    }

    @Override
    public int hashCode() {
        return 31 * (31 * (31 * Arrays.hashCode(exif) + java.util.Objects.hashCode(xmp)) + Arrays.hashCode(iptc))
                + Arrays.hashCode(iccProfile);
    }

    @Override
    public String toString() {
        return "PhotoMetadata[exif=" + length(exif) + " B, xmp=" + (xmp == null ? 0 : xmp.length()) + " chars, iptc="
                + length(iptc) + " B, icc=" + length(iccProfile) + " B]";
    }

    private static int length(byte[] bytes) {
        return bytes == null ? 0 : bytes.length;
    }
}
