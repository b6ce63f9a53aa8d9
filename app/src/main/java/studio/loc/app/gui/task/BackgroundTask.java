package studio.loc.app.gui.task;

import java.util.Objects;
import java.util.concurrent.Callable;
import java.util.concurrent.Executor;
import java.util.function.Consumer;
import javafx.application.Platform;
import javafx.beans.property.ReadOnlyBooleanProperty;
import javafx.beans.property.ReadOnlyBooleanWrapper;
import javafx.beans.property.ReadOnlyDoubleProperty;
import javafx.beans.property.ReadOnlyDoubleWrapper;
import javafx.beans.property.ReadOnlyStringProperty;
import javafx.beans.property.ReadOnlyStringWrapper;
import studio.loc.diffusion.progress.CancellationToken;
import studio.loc.app.messages.FailureMessages;
import studio.loc.diffusion.progress.CancelledException;

/**
 * The one way the GUI runs long work: {@code wrap(work).onSuccess(..).onFailure(..).executeWith(executor)}.
 * The work runs on the given executor; progress, message and the callbacks are delivered on the UI thread
 * (by default {@link Platform#runLater}; tests pass a direct executor so no toolkit is needed).
 *
 * <p>Progress is -1 (indeterminate) until the work reports its first step.
 */
public final class BackgroundTask<V> {

    private final Work<V> work;
    private final CancellationToken cancel = new CancellationToken();
    private final ReadOnlyDoubleWrapper progress = new ReadOnlyDoubleWrapper(this, "progress", -1);
    private final ReadOnlyStringWrapper message = new ReadOnlyStringWrapper(this, "message", "");
    private final ReadOnlyBooleanWrapper running = new ReadOnlyBooleanWrapper(this, "running", false);
    private Consumer<? super V> onSuccess = v -> { };
    private Consumer<? super Exception> onFailure = e -> { };
    private Runnable onCancelled = () -> { };
    private Runnable onFinished = () -> { };
    private Executor uiThread = Platform::runLater;

    private BackgroundTask(Work<V> work) {
        this.work = Objects.requireNonNull(work, "work");
    }

    public static <V> BackgroundTask<V> wrap(Work<V> work) {
        return new BackgroundTask<>(work);
    }

    public static <V> BackgroundTask<V> wrap(Callable<V> callable) {
        return new BackgroundTask<>((progress, cancel) -> callable.call());
    }

    public BackgroundTask<V> withMessage(String initialMessage) {
        message.set(initialMessage);
        return this;
    }

    public BackgroundTask<V> onSuccess(Consumer<? super V> action) {
        this.onSuccess = Objects.requireNonNull(action);
        return this;
    }

    public BackgroundTask<V> onFailure(Consumer<? super Exception> action) {
        this.onFailure = Objects.requireNonNull(action);
        return this;
    }

    public BackgroundTask<V> onCancelled(Runnable action) {
        this.onCancelled = Objects.requireNonNull(action);
        return this;
    }

    /** Runs after success, failure or cancellation (on the UI thread), e.g. to clear a busy flag. */
    public BackgroundTask<V> onFinished(Runnable action) {
        this.onFinished = Objects.requireNonNull(action);
        return this;
    }

    /** Where callbacks and property updates run; the JavaFX thread unless a test says otherwise. */
    public BackgroundTask<V> deliverOn(Executor uiExecutor) {
        this.uiThread = Objects.requireNonNull(uiExecutor);
        return this;
    }

    /** Starts the work; returns this so the caller can bind to its properties and cancel it. */
    public BackgroundTask<V> executeWith(Executor executor) {
        running.set(true);
        executor.execute(this::runNow);
        return this;
    }

    /** Asks the work to stop at its next safe point; {@code onCancelled} follows. */
    public void cancel() {
        cancel.cancel();
    }

    public boolean isCancelled() {
        return cancel.isCancelled();
    }

    public ReadOnlyDoubleProperty progressProperty() {
        return progress.getReadOnlyProperty();
    }

    public ReadOnlyStringProperty messageProperty() {
        return message.getReadOnlyProperty();
    }

    public ReadOnlyBooleanProperty runningProperty() {
        return running.getReadOnlyProperty();
    }

    private void runNow() {
        try {
            if (cancel.isCancelled()) {
                throw new CancelledException();
            }
            V value = work.run((done, total, text) -> uiThread.execute(() -> {
                progress.set(total <= 0 ? -1 : (double) done / total);
                if (text != null && !text.isBlank()) {
                    message.set(text);
                }
            }), cancel);
            uiThread.execute(() -> finish(() -> onSuccess.accept(value)));
        } catch (CancelledException e) {
            uiThread.execute(() -> finish(onCancelled));
        } catch (Exception e) {
            logIfUnexpected(e);
            uiThread.execute(() -> finish(() -> onFailure.accept(e)));
        } catch (Error e) {
            // e.g. out of memory on a huge photo: still tell the user instead of dying silently on a worker.
            logIfUnexpected(e);
            uiThread.execute(() -> finish(() -> onFailure.accept(new IllegalStateException(e.toString(), e))));
        }
    }

    /** The user sees one sentence; a bug's stack trace goes to the log for whoever reports it. */
    private static void logIfUnexpected(Throwable error) {
        if (FailureMessages.isUnexpected(error)) {
            System.getLogger(BackgroundTask.class.getName())
                    .log(System.Logger.Level.ERROR, "Unexpected failure", error);
        }
    }

    private void finish(Runnable callback) {
        running.set(false);
        try {
            callback.run();
        } finally {
            onFinished.run();
        }
    }
}
