package studio.loc.diffusion.progress;

import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Cooperative cancellation: the UI or a signal handler calls {@link #cancel()}, long work calls
 * {@link #throwIfCancelled()} at safe points (every sampler step, every batch file).
 */
public final class CancellationToken {

    /** A token that is never cancelled. */
    public static final CancellationToken NEVER = new CancellationToken();

    private final AtomicBoolean cancelled = new AtomicBoolean();

    public void cancel() {
        if (this != NEVER) {
            cancelled.set(true);
        }
    }

    public boolean isCancelled() {
        return cancelled.get();
    }

    public void throwIfCancelled() throws CancelledException {
        if (cancelled.get()) {
            throw new CancelledException();
        }
    }
}
