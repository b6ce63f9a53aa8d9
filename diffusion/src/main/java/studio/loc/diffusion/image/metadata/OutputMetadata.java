package studio.loc.diffusion.image.metadata;

/**
 * What an output file says about itself: either the photo's own metadata (and colour profile), with a
 * {@code Software} field and an XMP history entry naming LoC Studio and what it did, or nothing at all
 * (the pixels are then written as sRGB, the one colour space a file without a profile is read in).
 *
 * @param keep    write the photo's metadata and profile
 * @param software the EXIF {@code Software} and XMP {@code xmp:CreatorTool} value, e.g. "LoC Studio 0.1.0"
 * @param action  what was done, for the XMP history ({@code stEvt:parameters}), e.g. "applied change film-look
 *                at strength 0.5"; may be empty
 */
public record OutputMetadata(boolean keep, String software, String action) {

    /** The product's name, as outputs name it. */
    public static final String PRODUCT = "LoC Studio";

    /** Keeps the photo's metadata, naming LoC Studio without saying more. */
    public static final OutputMetadata KEEP = new OutputMetadata(true, PRODUCT, "");
    /** Writes no metadata and no profile: sRGB pixels in a bare file. */
    public static final OutputMetadata STRIP = new OutputMetadata(false, PRODUCT, "");

    public OutputMetadata {
        software = software == null || software.isBlank() ? PRODUCT : software;
        action = action == null ? "" : action;
    }

    /**
     * Keeps the photo's metadata and records applying {@code changeName} at {@code strength} in its history (the
     * one wording, so the command line and the Spark job write the same bytes).
     */
    public static OutputMetadata appliedChange(String changeName, double strength) {
        return keep("applied change " + changeName + " at strength " + strength);
    }

    /** Keeps the photo's metadata and records {@code action} in its history. */
    public static OutputMetadata keep(String action) {
        return new OutputMetadata(true, PRODUCT, action);
    }
}
