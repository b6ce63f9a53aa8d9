package studio.loc.diffusion.train;

import studio.loc.diffusion.progress.ProgressListener;

/** Receives a {@link TrainingProgress} after every step (on the training thread). */
@FunctionalInterface
public interface TrainingListener {

    TrainingListener NONE = progress -> { };

    void onStep(TrainingProgress progress);

    /** Adapts a generic progress listener (GUI progress bar, CLI line) to training progress. */
    static TrainingListener of(ProgressListener listener) {
        return p -> listener.onProgress(p.step(), p.totalSteps(), p.message());
    }
}
