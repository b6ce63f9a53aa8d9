package studio.loc.hypernet.data.synthetic;

import org.opencv.core.Mat;

/**
 * One edit with its parameters already drawn, so that applying it to A and to B makes the same change — which is
 * what a training quad (A, A', B, B') needs.
 */
public interface Edit {

    /** Family name and parameters, for logs. */
    String describe();

    /**
     * Applies the edit to an RGB {@code CV_32FC3} image with values in [0, 1]. Returns a new Mat of the same size and
     * type with values in [0, 1]; never modifies {@code rgb}; the same edit on the same input gives the same output.
     */
    Mat apply(Mat rgb);
}
