package studio.loc.app.gui.task;

import studio.loc.diffusion.progress.CancellationToken;
import studio.loc.diffusion.progress.ProgressListener;

/** A piece of long work: it reports progress, honours cancellation and returns a value (or throws). */
@FunctionalInterface
public interface Work<V> {
    V run(ProgressListener progress, CancellationToken cancel) throws Exception;
}
