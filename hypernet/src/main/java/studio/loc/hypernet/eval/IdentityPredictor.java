package studio.loc.hypernet.eval;

import org.opencv.core.Mat;

/** The do-nothing baseline, B' = B: any method worth having must beat it. */
public final class IdentityPredictor implements EditPredictor {

    @Override
    public String name() {
        return "identity";
    }

    @Override
    public Mat predict(Mat a, Mat aEdited, Mat b) {
        return b.clone();
    }
}
