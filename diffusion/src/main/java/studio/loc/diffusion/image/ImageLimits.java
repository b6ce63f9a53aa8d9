package studio.loc.diffusion.image;

/**
 * How large a picture may be before it is decoded. A tiny file can claim a huge size ("decompression bomb"), so
 * readers check the size in the file header against this first.
 */
public record ImageLimits(long maxPixels) {

    /** 100 megapixels: larger than any camera photo, small enough to decode in a desktop's memory. */
    public static final ImageLimits DEFAULT = new ImageLimits(100_000_000L);

    public ImageLimits {
        if (maxPixels <= 0) {
            throw new IllegalArgumentException("maxPixels must be positive, got " + maxPixels);
        }
    }
}
