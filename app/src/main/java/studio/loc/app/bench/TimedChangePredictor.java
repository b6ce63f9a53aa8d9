package studio.loc.app.bench;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import org.opencv.core.Mat;
import studio.loc.diffusion.image.Picture;
import studio.loc.diffusion.progress.CancellationToken;
import studio.loc.diffusion.progress.ProgressListener;
import studio.loc.diffusion.sample.SamplingOptions;
import studio.loc.hypernet.change.Change;
import studio.loc.hypernet.engine.LearnedChange;
import studio.loc.hypernet.engine.LocChangeEngine;
import studio.loc.hypernet.engine.PreparedChange;
import studio.loc.hypernet.eval.EditPredictor;
import studio.loc.hypernet.perpair.PairLearner;
import studio.loc.hypernet.perpair.PairLossMeter;

/**
 * A {@link PairLearner} as the evaluator sees it, with a stopwatch: learn the change from (A, A'), apply it to B
 * as the app does (the engine's prepare and apply), and record per quad how long learning and applying took and how
 * well the change fits its own pair. Every learner goes through the same application, so the comparison is of the
 * learning alone.
 */
public final class TimedChangePredictor implements EditPredictor {

    /**
     * One quad's costs.
     *
     * @param learnNanos time to turn the pair into a change
     * @param applyNanos time to apply it to B (merging the LoRA, sampling, the full-resolution transfer)
     * @param pairLoss the change's loss on its own pair ({@link PairLossMeter}), measured after the clock stopped
     */
    public record PairTiming(long learnNanos, long applyNanos, double pairLoss) {
    }

    private final PairLearner learner;
    private final LocChangeEngine engine;
    private final SamplingOptions sampling;
    private final PairLossMeter lossMeter;
    private final CancellationToken cancel;
    private final List<PairTiming> timings = new ArrayList<>();

    /** @param engine applies every change; {@code learner} must run on its networks with their base weights */
    TimedChangePredictor(PairLearner learner, LocChangeEngine engine, SamplingOptions sampling,
                         PairLossMeter lossMeter, CancellationToken cancel) {
        this.learner = Objects.requireNonNull(learner, "learner");
        this.engine = Objects.requireNonNull(engine, "engine");
        this.sampling = Objects.requireNonNull(sampling, "sampling");
        this.lossMeter = Objects.requireNonNull(lossMeter, "lossMeter");
        this.cancel = Objects.requireNonNull(cancel, "cancel");
    }

    @Override
    public String name() {
        return learner.name();
    }

    /** The costs of every quad predicted so far, in order. */
    public List<PairTiming> timings() {
        return List.copyOf(timings);
    }

    @Override
    public Mat predict(Mat a, Mat aEdited, Mat b) throws Exception {
        try (Picture before = Picture.of(a.clone()); Picture after = Picture.of(aEdited.clone());
             Picture query = Picture.of(b.clone())) {
            long started = System.nanoTime();
            Change change = learner.learn(before, after, cancel);
            long learned = System.nanoTime();
            Mat edited;
            try (PreparedChange prepared = engine.prepare(LearnedChange.of(change, (learned - started) / 1_000_000),
                    1);
                 Picture result = prepared.apply(query, sampling, ProgressListener.NONE, cancel)) {
                edited = result.rgb().clone();
            }
            long applied = System.nanoTime();
            // measured after the change is un-merged: the meter runs the UNet with the change as a per-sample LoRA
            timings.add(new PairTiming(learned - started, applied - learned, lossMeter.measure(change, before, after)));
            return edited;
        }
    }
}
