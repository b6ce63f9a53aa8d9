package studio.loc.hypernet.perpair;

import java.util.Objects;
import studio.loc.diffusion.image.Picture;
import studio.loc.diffusion.progress.CancellationToken;
import studio.loc.diffusion.progress.CancelledException;
import studio.loc.diffusion.progress.ProgressListener;
import studio.loc.hypernet.change.Change;
import studio.loc.hypernet.change.ChangeLearner;

/**
 * The hypernetwork's change as the start of a short per-pair optimisation (HyperDreamBooth's recipe: a fast
 * prediction, then a few fine-tuning steps on the one pair). It trades seconds for fidelity where a pair matters
 * more than the time, and sits between the two ends the benchmark compares.
 */
public final class RefinedHypernetLearner implements PairLearner {

    /** Reports name a refinement "loc-hypernet+N". */
    public static final String NAME_PREFIX = "loc-hypernet+";

    private final ChangeLearner hypernetwork;
    private final PerPairLoraOptimizer optimizer;

    public RefinedHypernetLearner(ChangeLearner hypernetwork, PerPairLoraOptimizer optimizer) {
        this.hypernetwork = Objects.requireNonNull(hypernetwork, "hypernetwork");
        this.optimizer = Objects.requireNonNull(optimizer, "optimizer");
    }

    @Override
    public String name() {
        return NAME_PREFIX + optimizer.settings().steps();
    }

    @Override
    public Change learn(Picture before, Picture after, CancellationToken cancel) throws CancelledException {
        return learn(before, after, name(), ProgressListener.NONE, cancel);
    }

    /** Learns the change and refines it, reporting every refinement step to {@code progress}. */
    public Change learn(Picture before, Picture after, String name, ProgressListener progress,
                        CancellationToken cancel) throws CancelledException {
        cancel.throwIfCancelled();
        Change predicted = hypernetwork.learn(before, after, name);
        // Refining tunes the LoRA alone; the fitted part was fitted on the pair directly and stays as it is.
        return optimizer.optimise(before, after, name, predicted, progress, cancel).change()
                .withFitted(predicted.fitted());
    }
}
