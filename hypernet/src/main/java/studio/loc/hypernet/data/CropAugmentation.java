package studio.loc.hypernet.data;

import java.util.Random;
import org.opencv.core.Core;
import org.opencv.core.CvType;
import org.opencv.core.Mat;
import org.opencv.core.Rect;
import org.opencv.core.Size;
import org.opencv.imgproc.Imgproc;
import studio.loc.diffusion.image.MatScope;

/**
 * A square crop window and an optional horizontal flip, drawn once and applied identically to several images of
 * the same size (a before and its after), so that the pair stays aligned.
 *
 * @param x left edge of the window, in source pixels
 * @param y top edge of the window, in source pixels
 * @param side side of the square window, in source pixels
 * @param flip whether to mirror left-right
 */
public record CropAugmentation(int x, int y, int side, boolean flip) {

    public CropAugmentation {
        if (x < 0 || y < 0 || side < 1) {
            throw new IllegalArgumentException("bad crop window " + x + "," + y + " side " + side);
        }
    }

    /**
     * Draws a window whose side is between {@code minFraction} and all of the source's shorter side, at a random
     * position, flipped half of the time. Vertical flips are left out: upside-down photos are not photos.
     */
    public static CropAugmentation random(Random rng, int width, int height, double minFraction) {
        if (width < 1 || height < 1) {
            throw new IllegalArgumentException("empty source " + width + "x" + height);
        }
        if (!(minFraction > 0 && minFraction <= 1)) {
            throw new IllegalArgumentException("minFraction must be in (0, 1], got " + minFraction);
        }
        int shorter = Math.min(width, height);
        int minSide = Math.max(1, (int) Math.round(shorter * minFraction));
        int side = minSide + rng.nextInt(shorter - minSide + 1);
        int x = rng.nextInt(width - side + 1);
        int y = rng.nextInt(height - side + 1);
        return new CropAugmentation(x, y, side, rng.nextBoolean());
    }

    /**
     * Cuts the window out of {@code source} (8-bit or float RGB), resizes it to {@code size} x {@code size} and
     * returns a new {@code CV_32FC3} Mat in [0, 1]. The source is not modified.
     */
    public Mat apply(Mat source, int size) {
        if (x + side > source.cols() || y + side > source.rows()) {
            throw new IllegalArgumentException("crop window " + this + " does not fit a " + source.cols() + "x"
                    + source.rows() + " image");
        }
        if (size < 1) {
            throw new IllegalArgumentException("size must be positive, got " + size);
        }
        try (MatScope scope = new MatScope()) {
            Mat window = scope.add(source.submat(new Rect(x, y, side, side)));
            Mat resized = scope.newMat();
            // INTER_AREA averages when shrinking (no aliasing); linear is the sensible choice when enlarging.
            Imgproc.resize(window, resized, new Size(size, size), 0, 0,
                    side >= size ? Imgproc.INTER_AREA : Imgproc.INTER_LINEAR);
            if (flip) {
                Core.flip(resized, resized, 1);
            }
            Mat out = scope.newMat();
            if (resized.depth() == CvType.CV_8U) {
                resized.convertTo(out, CvType.CV_32FC3, 1 / 255.0);
            } else {
                resized.convertTo(out, CvType.CV_32FC3);
            }
            return scope.keep(out);
        }
    }
}
