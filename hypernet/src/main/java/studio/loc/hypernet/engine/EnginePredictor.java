package studio.loc.hypernet.engine;

import java.util.Objects;
import org.opencv.core.Mat;
import studio.loc.diffusion.image.Picture;
import studio.loc.diffusion.progress.CancellationToken;
import studio.loc.diffusion.progress.ProgressListener;
import studio.loc.diffusion.sample.SamplingOptions;
import studio.loc.hypernet.eval.EditPredictor;

/**
 * The shipped path as the evaluator sees it: {@link ChangeEngine#learn} on (A, A') at their own size, then
 * {@link ChangeEngine#prepare} and {@link PreparedChange#apply} on B — exactly what {@code learn} and
 * {@code apply} (and the app) run. Optionally without the change's fitted part, to score the diffusion model alone.
 */
public final class EnginePredictor implements EditPredictor {

    private final ChangeEngine engine;
    private final double strength;
    private final SamplingOptions sampling;
    private final boolean withFitted;
    private final CancellationToken cancel;

    /**
     * @param strength the strength the change is applied at (1 = as learned)
     * @param withFitted false scores the change without its fitted part (the diffusion model alone)
     */
    public EnginePredictor(ChangeEngine engine, double strength, SamplingOptions sampling, boolean withFitted,
                           CancellationToken cancel) {
        this.engine = Objects.requireNonNull(engine, "engine");
        this.strength = ChangeEngine.checkStrength(strength);
        this.sampling = Objects.requireNonNull(sampling, "sampling");
        this.withFitted = withFitted;
        this.cancel = Objects.requireNonNull(cancel, "cancel");
    }

    @Override
    public String name() {
        return "loc-hypernet" + (withFitted ? "" : "-alone") + (strength == 1 ? "" : "-s" + (float) strength);
    }

    @Override
    public Mat predict(Mat a, Mat aEdited, Mat b) throws Exception {
        try (Picture before = Picture.of(a.clone()); Picture after = Picture.of(aEdited.clone());
             Picture query = Picture.of(b.clone())) {
            LearnedChange change = engine.learn(before, after, name(), ProgressListener.NONE, cancel);
            if (!withFitted) {
                change = LocChangeEngine.modelPartOnly(change);
            }
            try (PreparedChange prepared = engine.prepare(change, strength);
                 Picture edited = prepared.apply(query, sampling, ProgressListener.NONE, cancel)) {
                return edited.rgb().clone();
            }
        }
    }
}
