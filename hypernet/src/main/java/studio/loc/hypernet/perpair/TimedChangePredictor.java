package studio.loc.hypernet.perpair;

import ai.djl.ndarray.NDManager;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import org.opencv.core.Mat;
import studio.loc.diffusion.image.Picture;
import studio.loc.diffusion.lora.PerSampleLoraContext;
import studio.loc.diffusion.model.LoadedModel;
import studio.loc.diffusion.pipeline.EditPipeline;
import studio.loc.diffusion.pipeline.EditRequest;
import studio.loc.diffusion.pipeline.EditResult;
import studio.loc.diffusion.progress.CancellationToken;
import studio.loc.diffusion.progress.ProgressListener;
import studio.loc.diffusion.sample.SamplingOptions;
import studio.loc.hypernet.change.Change;
import studio.loc.hypernet.eval.EditPredictor;

/**
 * A {@link PairLearner} as the evaluator sees it, with a stopwatch: learn the change from (A, A'), apply it to B
 * with the edit pipeline, and record per quad how long learning and applying took and how well the change fits
 * its own pair. Every learner goes through the same application, so the comparison is of the learning alone.
 */
public final class TimedChangePredictor implements EditPredictor {

    /**
     * One quad's costs.
     *
     * @param learnNanos time to turn the pair into a change
     * @param applyNanos time to apply it to B (sampling and the full-resolution transfer)
     * @param pairLoss the change's loss on its own pair ({@link PairLossMeter}), measured after the clock stopped
     */
    public record PairTiming(long learnNanos, long applyNanos, double pairLoss) {
    }

    private final PairLearner learner;
    private final LoadedModel model;
    private final EditPipeline pipeline;
    private final SamplingOptions sampling;
    private final PairLossMeter lossMeter;
    private final CancellationToken cancel;
    private final List<PairTiming> timings = new ArrayList<>();

    /**
     * @param pipeline built on {@code model}'s codec and UNet (base weights; the change is a per-sample context)
     */
    public TimedChangePredictor(PairLearner learner, LoadedModel model, EditPipeline pipeline,
                                SamplingOptions sampling, PairLossMeter lossMeter, CancellationToken cancel) {
        this.learner = Objects.requireNonNull(learner, "learner");
        this.model = Objects.requireNonNull(model, "model");
        this.pipeline = Objects.requireNonNull(pipeline, "pipeline");
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
             Picture query = Picture.of(b.clone()); NDManager scratch = model.manager().newSubManager()) {
            long started = System.nanoTime();
            Change change = learner.learn(before, after, cancel);
            long learned = System.nanoTime();
            EditRequest request = new EditRequest(query, new PerSampleLoraContext(change.toLoraSet(scratch), 1f),
                    sampling.steps(), sampling.seed(), sampling.guidance(), sampling.startFraction())
                    .withFitted(change.fittedAt(1));
            try (EditResult result = pipeline.edit(request, ProgressListener.NONE, cancel)) {
                long applied = System.nanoTime();
                timings.add(new PairTiming(learned - started, applied - learned,
                        lossMeter.measure(change, before, after)));
                return result.edited().rgb().clone();
            }
        }
    }
}
