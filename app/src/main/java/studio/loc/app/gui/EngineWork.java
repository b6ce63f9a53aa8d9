package studio.loc.app.gui;

import studio.loc.diffusion.progress.CancellationToken;
import studio.loc.diffusion.progress.ProgressListener;
import studio.loc.hypernet.engine.ChangeEngine;

/** Work that needs the open engine; it runs on the engine thread, never beside another model job. */
@FunctionalInterface
public interface EngineWork<V> {
    V run(ChangeEngine engine, ProgressListener progress, CancellationToken cancel) throws Exception;
}
