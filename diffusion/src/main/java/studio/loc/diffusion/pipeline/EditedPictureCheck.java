package studio.loc.diffusion.pipeline;

import org.opencv.core.Core;
import org.opencv.core.Mat;
import studio.loc.diffusion.image.PackedPixels;
import studio.loc.diffusion.image.Picture;

/**
 * Refuses an edited picture that no sane change produces: a value that is not finite, or a single flat colour
 * where the photo had detail. Why: a damaged or absurd change (finite but enormous weights) drives the model's
 * output to NaN or clamps it to black, and without this check that black picture would be saved and counted as
 * an edited photo.
 */
final class EditedPictureCheck {

    /** Less than half an 8-bit step between the darkest and the brightest value: nothing visible is left. */
    static final double FLAT_RANGE = 0.5 / 255;
    /**
     * The photo varies by at least this much, so a flat result is the edit's doing; a photo that is itself flat
     * (a blank frame) may stay flat.
     */
    static final double DETAILED_RANGE = 4.0 / 255;

    private EditedPictureCheck() {
    }

    /**
     * As {@link #requireUsable(Mat, Mat)}, for pictures that may still hold integers (which are finite by
     * construction; their range is measured in the same units as floats').
     */
    static void requireUsable(Picture query, Picture edited) {
        if (!edited.isPacked() && !Core.checkRange(edited.rgb())) {
            throw notFinite();
        }
        double editedRange = range(edited);
        if (editedRange < FLAT_RANGE && range(query) >= DETAILED_RANGE) {
            throw flat(editedRange);
        }
    }

    private static double range(Picture picture) {
        return picture.isPacked() ? range(picture.packedBgr()) * PackedPixels.toUnit(picture.bitDepth())
                : range(picture.rgb());
    }

    private static UnusableEditException notFinite() {
        return new UnusableEditException("The edit produced values that are not numbers (NaN or infinity): the "
                + "change is damaged or far too strong for this model. The photo was not edited.");
    }

    private static UnusableEditException flat(double editedRange) {
        return new UnusableEditException(String.format(java.util.Locale.ROOT, "The edit turned the whole photo "
                + "into one flat colour (all values within %.4f): the change is damaged or far too strong for "
                + "this model. The photo was not edited.", editedRange));
    }

    /**
     * @param query the photo that was edited (CV_32FC3)
     * @param edited the edit of it (CV_32FC3)
     * @throws UnusableEditException when {@code edited} holds a NaN or an infinity, or is flat while the photo
     *                               is not
     */
    static void requireUsable(Mat query, Mat edited) {
        if (!Core.checkRange(edited)) {
            throw notFinite();
        }
        double editedRange = range(edited);
        if (editedRange < FLAT_RANGE && range(query) >= DETAILED_RANGE) {
            throw flat(editedRange);
        }
    }

    /** The largest value minus the smallest, over all pixels and channels. */
    private static double range(Mat rgb) {
        Mat continuous = rgb.isContinuous() ? rgb : rgb.clone();
        Mat values = continuous.reshape(1);
        try {
            Core.MinMaxLocResult extremes = Core.minMaxLoc(values);
            return extremes.maxVal - extremes.minVal;
        } finally {
            values.release();
            if (continuous != rgb) {
                continuous.release();
            }
        }
    }
}
