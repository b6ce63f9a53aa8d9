package studio.loc.app.gui;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Executor;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ThreadFactory;
import javafx.application.Platform;
import studio.loc.diffusion.image.Picture;

/**
 * The window's threads: model work runs on one engine thread, files are decoded on one I/O thread, state changes
 * happen on the UI thread, and a timer waits out slider drags.
 *
 * <p>Pictures (native memory) are closed on the engine thread, queued behind any work that may still use them.
 */
public final class GuiThreads {

    private final Executor engine;
    private final Executor io;
    private final Executor ui;
    private final ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor(daemon("loc-debounce"));
    private final List<ExecutorService> owned = new ArrayList<>();

    /**
     * @param engine runs model work, one job at a time
     * @param io decodes picture files
     * @param ui where state changes are delivered (the JavaFX thread in the app)
     */
    public GuiThreads(Executor engine, Executor io, Executor ui) {
        this.engine = engine;
        this.io = io;
        this.ui = ui;
    }

    /** The application's threads: its own engine and I/O threads, state delivered on the JavaFX thread. */
    public static GuiThreads create() {
        ExecutorService engine = Executors.newSingleThreadExecutor(daemon("loc-engine"));
        ExecutorService io = Executors.newSingleThreadExecutor(daemon("loc-io"));
        GuiThreads threads = new GuiThreads(engine, io, Platform::runLater);
        threads.owned.add(engine);
        threads.owned.add(io);
        return threads;
    }

    /** The one thread that runs model work. */
    public Executor engine() {
        return engine;
    }

    public Executor io() {
        return io;
    }

    /** Where state changes are delivered. */
    public Executor ui() {
        return ui;
    }

    ScheduledExecutorService timer() {
        return timer;
    }

    /** Closes {@code picture} once the model work queued before it is done. */
    void closeLater(Picture picture) {
        if (picture != null) {
            engine.execute(picture::close);
        }
    }

    /** Stops the timer and lets the owned threads finish what is queued (closing pictures and the engine). */
    void shutdown() {
        timer.shutdownNow();
        owned.forEach(ExecutorService::shutdown);
    }

    private static ThreadFactory daemon(String name) {
        return runnable -> {
            Thread thread = new Thread(runnable, name);
            thread.setDaemon(true);
            return thread;
        };
    }
}
