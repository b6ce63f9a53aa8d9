package studio.loc.diffusion.pipeline.fullres;

import org.opencv.core.Mat;

/**
 * Carries an edit made on a downscaled copy of a photo to the photo's native resolution. The model only ever sees
 * {@code queryLow}; what is transferred is the change from {@code queryLow} to {@code editedLow}, so the output
 * keeps the full-resolution detail that the model never saw.
 *
 * <p>All images are RGB {@code CV_32FC3} in [0, 1]. {@code queryLow} must be a resized copy of {@code queryFull}
 * (same framing, any size); {@code editedLow} is the model's output for it (resized to {@code queryLow}'s size if
 * it differs). Inputs are never modified.
 *
 * <p>The implementations work at full resolution in bands of rows, so apart from the result they allocate only
 * low-resolution maps and band-sized temporaries: a 24-megapixel photo costs little more than its output.
 */
public interface ChangeTransfer {

    /** Returns a new {@code CV_32FC3} Mat of {@code queryFull}'s size with values in [0, 1], owned by the caller. */
    Mat transfer(Mat queryFull, Mat queryLow, Mat editedLow);

    /**
     * The transfer to use when nothing is known about the edit: {@link SmoothColourFirstTransfer} (a smooth colour
     * map where one explains the edit, {@link AdaptiveTransfer} elsewhere) with its defaults.
     */
    static ChangeTransfer standard() {
        return new SmoothColourFirstTransfer();
    }
}
