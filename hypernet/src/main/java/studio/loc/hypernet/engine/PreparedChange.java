package studio.loc.hypernet.engine;

import studio.loc.diffusion.image.Picture;
import studio.loc.diffusion.progress.CancellationToken;
import studio.loc.diffusion.progress.CancelledException;
import studio.loc.diffusion.progress.ProgressListener;
import studio.loc.diffusion.sample.SamplingOptions;

/** A change merged into the model at one strength, ready to edit many photos; closing un-merges it exactly. */
public interface PreparedChange extends AutoCloseable {

    /**
     * Edits one photo at its full resolution; the caller owns (and closes) the returned picture.
     *
     * @param sampling the sampler settings (start from {@link ModelInfo#defaults()} to keep the model's start)
     */
    Picture apply(Picture query, SamplingOptions sampling, ProgressListener progress, CancellationToken cancel)
            throws EngineException, CancelledException;

    @Override
    void close();
}
