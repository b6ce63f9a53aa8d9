package studio.loc.hypernet.eval;

import org.opencv.core.Mat;

/** Anything that predicts B' from an example pair (A, A') and a query B; the evaluator scores it. */
public interface EditPredictor {

    /** Short name used in reports and as the predictions folder name. */
    String name();

    /**
     * Predicts the edited query. Inputs are RGB CV_32FC3 in [0, 1] and must not be modified.
     *
     * @return a new CV_32FC3 Mat of B's size, owned (and released) by the caller
     */
    Mat predict(Mat a, Mat aEdited, Mat b) throws Exception;
}
