package studio.loc.hypernet.perpair;

import studio.loc.diffusion.image.Picture;
import studio.loc.diffusion.progress.CancellationToken;
import studio.loc.diffusion.progress.CancelledException;
import studio.loc.hypernet.change.Change;
import studio.loc.hypernet.change.ChangeLearner;

/**
 * A way to turn one before/after pair into a change: the hypernetwork's single pass, or a LoRA optimised on the
 * pair. Both give a {@link Change} the normal pipeline applies, which is what makes them comparable.
 */
public interface PairLearner {

    /** Short name for reports, e.g. {@code loc-hypernet} or {@code per-pair-200}. */
    String name();

    /** The change that turns {@code before} into {@code after}; neither picture is modified or closed. */
    Change learn(Picture before, Picture after, CancellationToken cancel) throws CancelledException;

    /** The product's way: one forward pass of the model's hypernetwork. */
    static PairLearner hypernetwork(ChangeLearner learner) {
        return new PairLearner() {
            @Override
            public String name() {
                return "loc-hypernet";
            }

            @Override
            public Change learn(Picture before, Picture after, CancellationToken cancel) throws CancelledException {
                cancel.throwIfCancelled();
                return learner.learn(before, after, name());
            }
        };
    }
}
