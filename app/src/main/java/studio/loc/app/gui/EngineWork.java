package studio.loc.app.gui;

import studio.loc.app.engine.EditEngine;
import studio.loc.diffusion.progress.CancellationToken;
import studio.loc.diffusion.progress.ProgressListener;

/** Work that needs the open engine; it runs on the engine thread, never beside another model job. */
@FunctionalInterface
public interface EngineWork<V> {
    V run(EditEngine engine, ProgressListener progress, CancellationToken cancel) throws Exception;
}
