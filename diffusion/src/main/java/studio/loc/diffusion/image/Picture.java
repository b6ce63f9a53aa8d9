package studio.loc.diffusion.image;

import java.util.Objects;
import org.opencv.core.CvType;
import org.opencv.core.Mat;
import studio.loc.diffusion.image.metadata.PhotoMetadata;

/**
 * A decoded picture as the rest of the program sees it: RGB (channel order R, G, B, not OpenCV's BGR), float
 * values in [0, 1] (sRGB-encoded, as stored in the file), in a {@code CV_32FC3} Mat. Alpha, if the file had any,
 * is kept aside as {@code CV_32FC1} so that edits never touch it and writers can restore it. {@code bitDepth} is
 * the source's bits per channel (8 or 16) so outputs can keep it. {@code metadata} is what the file said about
 * itself (EXIF, XMP, IPTC, its colour profile), for outputs to carry on; pixels are always sRGB here, since the
 * reader converts a photo with another profile into sRGB and the writer converts back.
 *
 * <p>A picture may instead hold its pixels as the file stores them ({@link #packed}: 8- or 16-bit BGR, as OpenCV
 * decodes and encodes), a quarter or half the memory of floats: the full-resolution paths that work on integers
 * (a colour table applied in bands) read and write those directly, and {@link #rgb()} turns them into floats only
 * when something asks for floats (releasing the integers: from then on the floats are the picture).
 *
 * <p>Owns native memory: close it (or hand ownership on) — a batch over thousands of photos must not wait for
 * the garbage collector.
 */
public final class Picture implements AutoCloseable {

    private Mat rgb;
    private Mat packed;
    private Mat alpha;
    private final int bitDepth;
    private final int width;
    private final int height;
    private final PhotoMetadata metadata;

    /** Takes ownership of {@code rgb} and {@code alpha} (which may be null); no metadata. */
    public Picture(Mat rgb, Mat alpha, int bitDepth) {
        this(rgb, alpha, bitDepth, PhotoMetadata.NONE);
    }

    /** Takes ownership of {@code rgb} and {@code alpha} (which may be null). */
    public Picture(Mat rgb, Mat alpha, int bitDepth, PhotoMetadata metadata) {
        Objects.requireNonNull(metadata, "metadata");
        Objects.requireNonNull(rgb, "rgb");
        if (rgb.type() != CvType.CV_32FC3) {
            throw new IllegalArgumentException("Picture needs CV_32FC3, got " + CvType.typeToString(rgb.type()));
        }
        if (alpha != null && (alpha.type() != CvType.CV_32FC1 || alpha.rows() != rgb.rows()
                || alpha.cols() != rgb.cols())) {
            throw new IllegalArgumentException("alpha must be CV_32FC1 of the same size as rgb");
        }
        checkBitDepth(bitDepth);
        this.rgb = rgb;
        this.alpha = alpha;
        this.bitDepth = bitDepth;
        this.width = rgb.cols();
        this.height = rgb.rows();
        this.metadata = metadata;
    }

    private Picture(Mat packed, int bitDepth, PhotoMetadata metadata) {
        this.packed = packed;
        this.alpha = null;
        this.bitDepth = bitDepth;
        this.width = packed.cols();
        this.height = packed.rows();
        this.metadata = Objects.requireNonNull(metadata, "metadata");
    }

    /**
     * A picture held as integers (no alpha, no metadata): takes ownership of {@code bgr}, {@code CV_8UC3} for 8
     * bits or {@code CV_16UC3} for 16, in OpenCV's channel order B, G, R.
     */
    public static Picture packed(Mat bgr, int bitDepth) {
        return packed(bgr, bitDepth, PhotoMetadata.NONE);
    }

    private static Picture packed(Mat bgr, int bitDepth, PhotoMetadata metadata) {
        Objects.requireNonNull(bgr, "bgr");
        checkBitDepth(bitDepth);
        int expected = bitDepth == 8 ? CvType.CV_8UC3 : CvType.CV_16UC3;
        if (bgr.type() != expected) {
            throw new IllegalArgumentException("a packed " + bitDepth + "-bit picture needs "
                    + CvType.typeToString(expected) + ", got " + CvType.typeToString(bgr.type()));
        }
        return new Picture(bgr, bitDepth, metadata);
    }

    private static void checkBitDepth(int bitDepth) {
        if (bitDepth != 8 && bitDepth != 16) {
            throw new IllegalArgumentException("bitDepth must be 8 or 16, got " + bitDepth);
        }
    }

    /** An 8-bit picture without alpha. */
    public static Picture of(Mat rgb) {
        return new Picture(rgb, null, 8);
    }

    /** The pixels as floats; a packed picture is converted on the first call (exactly as a reader would). */
    public synchronized Mat rgb() {
        if (rgb == null) {
            rgb = PackedPixels.toFloatRgb(packed, bitDepth);
            packed.release();
            packed = null;
        }
        return rgb;
    }

    /**
     * The integer pixels ({@code CV_8UC3}/{@code CV_16UC3}, BGR) while the picture is still packed, else null. The
     * Mat stays the picture's.
     */
    public synchronized Mat packedBgr() {
        return packed;
    }

    /** Whether the picture still holds its pixels as integers ({@link #packedBgr()} is not null). */
    public synchronized boolean isPacked() {
        return packed != null;
    }

    /** Alpha in [0, 1], or null when the source had none. */
    public synchronized Mat alpha() {
        return alpha;
    }

    public synchronized boolean hasAlpha() {
        return alpha != null;
    }

    public int bitDepth() {
        return bitDepth;
    }

    /** What the source file said about itself; {@link PhotoMetadata#NONE} for pictures made in memory. */
    public PhotoMetadata metadata() {
        return metadata;
    }

    public int width() {
        return width;
    }

    public int height() {
        return height;
    }

    /**
     * A picture with new pixels and this one's alpha, bit depth and metadata (alpha is copied; both are owned
     * anew).
     */
    public Picture withRgb(Mat newRgb) {
        return new Picture(newRgb, alpha == null ? null : alpha.clone(), bitDepth, metadata);
    }

    /**
     * A packed picture of new integer pixels ({@code bgr}, owned by the result) with this one's bit depth and
     * metadata; this picture must have no alpha, as packed ones have none.
     */
    public Picture withPacked(Mat bgr) {
        if (alpha != null) {
            throw new IllegalStateException("a packed picture has no alpha");
        }
        return packed(bgr, bitDepth, metadata);
    }

    /**
     * This picture's pixels under a new owner with {@code newMetadata}: this picture is emptied and must not be used
     * again (closing it is harmless).
     */
    public synchronized Picture withMetadata(PhotoMetadata newMetadata) {
        Picture moved = packed != null ? new Picture(packed, bitDepth, newMetadata)
                : new Picture(rgb, alpha, bitDepth, newMetadata);
        rgb = null;
        packed = null;
        alpha = null;
        return moved;
    }

    /** A deep copy that the caller owns (packed stays packed). */
    public synchronized Picture copy() {
        if (packed != null) {
            return new Picture(packed.clone(), bitDepth, metadata);
        }
        return new Picture(rgb.clone(), alpha == null ? null : alpha.clone(), bitDepth, metadata);
    }

    @Override
    public synchronized void close() {
        if (rgb != null) {
            rgb.release();
        }
        if (packed != null) {
            packed.release();
        }
        if (alpha != null) {
            alpha.release();
        }
    }
}
