package studio.loc.app.gui;

import java.util.function.Consumer;
import javafx.beans.property.ReadOnlyBooleanProperty;
import javafx.beans.property.ReadOnlyBooleanWrapper;
import javafx.beans.property.ReadOnlyDoubleProperty;
import javafx.beans.property.ReadOnlyDoubleWrapper;
import javafx.beans.property.ReadOnlyObjectProperty;
import javafx.beans.property.ReadOnlyObjectWrapper;
import javafx.beans.property.ReadOnlyStringProperty;
import javafx.beans.property.ReadOnlyStringWrapper;
import studio.loc.app.gui.task.BackgroundTask;
import studio.loc.app.gui.task.Work;
import studio.loc.app.messages.FailureMessages;
import studio.loc.app.messages.Texts;

/**
 * The status bar: the one model task the window runs at a time (busy, progress, its message, cancel), the last
 * thing said, and notices for the notification bar. Every part of the window reports through it.
 */
public final class StatusViewModel {

    private final GuiThreads threads;
    private final ReadOnlyBooleanWrapper busy = new ReadOnlyBooleanWrapper(this, "busy");
    private final ReadOnlyDoubleWrapper progress = new ReadOnlyDoubleWrapper(this, "progress", 0);
    private final ReadOnlyStringWrapper taskMessage = new ReadOnlyStringWrapper(this, "taskMessage", "");
    private final ReadOnlyStringWrapper status = new ReadOnlyStringWrapper(this, "status", "");
    private final ReadOnlyObjectWrapper<Notice> notice = new ReadOnlyObjectWrapper<>(this, "notice");
    private BackgroundTask<?> currentTask;

    StatusViewModel(GuiThreads threads) {
        this.threads = threads;
    }

    public ReadOnlyBooleanProperty busyProperty() {
        return busy.getReadOnlyProperty();
    }

    /** Progress of the running model task: 0..1, or −1 when unknown. */
    public ReadOnlyDoubleProperty progressProperty() {
        return progress.getReadOnlyProperty();
    }

    public ReadOnlyStringProperty taskMessageProperty() {
        return taskMessage.getReadOnlyProperty();
    }

    public ReadOnlyStringProperty statusProperty() {
        return status.getReadOnlyProperty();
    }

    public ReadOnlyObjectProperty<Notice> noticeProperty() {
        return notice.getReadOnlyProperty();
    }

    /** Says {@code text} in the status line. */
    void say(String text) {
        status.set(text);
    }

    /** Says {@code text} in the status line and the notification bar. */
    void tell(String text, boolean error) {
        notice.set(new Notice(text, error));
        status.set(text);
    }

    /**
     * Tells a failure as {@code key} ("x was not added: …", the subject as {0} and the reason as {1}); a reason
     * that already names the subject is told alone, so the file name is not read twice.
     */
    void tellFailure(String key, Object subject, Exception error) {
        String reason = FailureMessages.describe(error);
        tell(reason.contains(String.valueOf(subject)) ? reason : Texts.format(key, subject, reason), true);
    }

    /** Takes the notice down (a new task starts, or the problem it told of is gone). */
    void clearNotice() {
        notice.set(null);
    }

    /** Runs model work on the engine thread as the window's current task, with busy, progress and errors shown. */
    <V> BackgroundTask<V> run(String message, Work<V> work, Consumer<V> onSuccess) {
        BackgroundTask<V> task = BackgroundTask.wrap(work).withMessage(message).deliverOn(threads.ui());
        currentTask = task;
        // A new run: the last run's error no longer describes what the window is doing.
        clearNotice();
        status.set("");
        busy.set(true);
        progress.bind(task.progressProperty());
        taskMessage.bind(task.messageProperty());
        task.onSuccess(onSuccess)
                .onFailure(e -> tell(FailureMessages.describe(e), true))
                .onCancelled(() -> {
                    if (currentTask == task) {
                        status.set(Texts.text("status.cancelled"));
                    }
                })
                .onFinished(() -> {
                    if (currentTask == task) {
                        currentTask = null;
                        busy.set(false);
                        progress.unbind();
                        progress.set(0);
                        taskMessage.unbind();
                        taskMessage.set("");
                    }
                });
        return task.executeWith(threads.engine());
    }

    /** Stops the running model task at its next safe point. */
    void cancel() {
        if (currentTask != null) {
            currentTask.cancel();
            status.set(Texts.text("status.cancelling"));
        }
    }
}
