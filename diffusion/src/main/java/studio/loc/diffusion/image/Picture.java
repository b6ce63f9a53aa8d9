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
 * <p>Owns native memory: close it (or hand ownership on) — a batch over thousands of photos must not wait for
 * the garbage collector.
 */
public final class Picture implements AutoCloseable {

    private final Mat rgb;
    private final Mat alpha;
    private final int bitDepth;
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
        if (alpha != null && (alpha.type() != CvType.CV_32FC1 || alpha.rows() != rgb.rows() || alpha.cols() != rgb.cols())) {
            throw new IllegalArgumentException("alpha must be CV_32FC1 of the same size as rgb");
        }
        if (bitDepth != 8 && bitDepth != 16) {
            throw new IllegalArgumentException("bitDepth must be 8 or 16, got " + bitDepth);
        }
        this.rgb = rgb;
        this.alpha = alpha;
        this.bitDepth = bitDepth;
        this.metadata = metadata;
    }

    /** An 8-bit picture without alpha. */
    public static Picture of(Mat rgb) {
        return new Picture(rgb, null, 8);
    }

    public Mat rgb() {
        return rgb;
    }

    /** Alpha in [0, 1], or null when the source had none. */
    public Mat alpha() {
        return alpha;
    }

    public boolean hasAlpha() {
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
        return rgb.cols();
    }

    public int height() {
        return rgb.rows();
    }

    /**
     * A picture with new pixels and this one's alpha, bit depth and metadata (alpha is copied; both are owned
     * anew).
     */
    public Picture withRgb(Mat newRgb) {
        return new Picture(newRgb, alpha == null ? null : alpha.clone(), bitDepth, metadata);
    }

    /** A deep copy that the caller owns. */
    public Picture copy() {
        return new Picture(rgb.clone(), alpha == null ? null : alpha.clone(), bitDepth, metadata);
    }

    @Override
    public void close() {
        rgb.release();
        if (alpha != null) {
            alpha.release();
        }
    }
}
