package studio.loc.diffusion.pipeline;

/**
 * Where a query is edited: scaled (aspect kept) so its longer side is the model's image size, then padded up to a
 * multiple the codec and the UNet can divide down; the padding is cropped off again after decoding.
 *
 * @param width scaled width (before padding)
 * @param height scaled height (before padding)
 * @param paddedWidth width fed to the codec, a multiple of {@code multiple}
 * @param paddedHeight height fed to the codec, a multiple of {@code multiple}
 */
public record WorkingSize(int width, int height, int paddedWidth, int paddedHeight) {

    public static WorkingSize of(int queryWidth, int queryHeight, int imageSize, int multiple) {
        if (queryWidth < 1 || queryHeight < 1 || imageSize < 1 || multiple < 1) {
            throw new IllegalArgumentException("sizes must be positive");
        }
        double scale = (double) imageSize / Math.max(queryWidth, queryHeight);
        int w = Math.max(1, (int) Math.round(queryWidth * scale));
        int h = Math.max(1, (int) Math.round(queryHeight * scale));
        return new WorkingSize(w, h, roundUp(w, multiple), roundUp(h, multiple));
    }

    private static int roundUp(int value, int multiple) {
        return (value + multiple - 1) / multiple * multiple;
    }
}
