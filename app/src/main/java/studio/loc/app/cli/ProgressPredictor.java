package studio.loc.app.cli;

import org.opencv.core.Mat;
import studio.loc.diffusion.progress.CancellationToken;
import studio.loc.hypernet.eval.EditPredictor;

/** Wraps a predictor for {@code eval}: stops at Ctrl-C before the next prediction and reports each one done. */
final class ProgressPredictor implements EditPredictor {

    private final EditPredictor inner;
    private final CancellationToken cancel;
    private final Runnable onDone;

    ProgressPredictor(EditPredictor inner, CancellationToken cancel, Runnable onDone) {
        this.inner = inner;
        this.cancel = cancel;
        this.onDone = onDone;
    }

    @Override
    public String name() {
        return inner.name();
    }

    @Override
    public Mat predict(Mat a, Mat aEdited, Mat b) throws Exception {
        cancel.throwIfCancelled();
        Mat predicted = inner.predict(a, aEdited, b);
        onDone.run();
        return predicted;
    }
}
