package studio.loc.app.gui.batch;

import java.nio.file.Path;
import java.util.List;
import java.util.function.Supplier;
import javafx.beans.binding.BooleanBinding;
import javafx.beans.property.ObjectProperty;
import javafx.beans.property.ReadOnlyBooleanProperty;
import javafx.beans.property.ReadOnlyBooleanWrapper;
import javafx.beans.property.ReadOnlyDoubleProperty;
import javafx.beans.property.ReadOnlyDoubleWrapper;
import javafx.beans.property.ReadOnlyObjectProperty;
import javafx.beans.property.ReadOnlyObjectWrapper;
import javafx.beans.property.ReadOnlyStringProperty;
import javafx.beans.property.ReadOnlyStringWrapper;
import javafx.beans.property.SimpleObjectProperty;
import javafx.collections.FXCollections;
import javafx.collections.ObservableList;
import studio.loc.app.batch.BatchCounts;
import studio.loc.app.batch.BatchListener;
import studio.loc.app.batch.BatchReport;
import studio.loc.app.batch.FileResult;
import studio.loc.app.gui.Durations;
import studio.loc.app.gui.EngineSession;
import studio.loc.app.gui.GuiSettings;
import studio.loc.app.gui.GuiThreads;
import studio.loc.app.gui.library.LibraryItem;
import studio.loc.app.gui.task.BackgroundTask;
import studio.loc.app.messages.FailureMessages;
import studio.loc.app.messages.Texts;
import studio.loc.diffusion.sample.SamplingOptions;

/**
 * The batch dialog's state and commands: one saved change, an input folder, an output folder; per-photo and
 * overall progress, the failed photos with reasons, and cancel. The engine session's batch work runs on the engine
 * thread (queued behind the main window's model work) with the main window's strength and advanced settings.
 */
public final class BatchViewModel {

    private final EngineSession session;
    private final GuiThreads threads;
    private final GuiSettings settings;
    private final ObservableList<LibraryItem> changes;
    private final ReadOnlyDoubleProperty strength;
    private final Supplier<SamplingOptions> sampler;

    private final ObjectProperty<LibraryItem> change = new SimpleObjectProperty<>(this, "change");
    private final ObjectProperty<Path> inputFolder = new SimpleObjectProperty<>(this, "inputFolder");
    private final ObjectProperty<Path> outputFolder = new SimpleObjectProperty<>(this, "outputFolder");
    private final ReadOnlyBooleanWrapper running = new ReadOnlyBooleanWrapper(this, "running");
    private final ReadOnlyDoubleWrapper overallProgress = new ReadOnlyDoubleWrapper(this, "overallProgress", 0);
    private final ReadOnlyDoubleWrapper fileProgress = new ReadOnlyDoubleWrapper(this, "fileProgress", 0);
    private final ReadOnlyStringWrapper currentFile = new ReadOnlyStringWrapper(this, "currentFile", "");
    private final ReadOnlyStringWrapper summary = new ReadOnlyStringWrapper(this, "summary",
            Texts.text("batch.summary.initial"));
    private final ObservableList<FileResult> failures = FXCollections.observableArrayList();
    private final ReadOnlyObjectWrapper<BatchReport> report = new ReadOnlyObjectWrapper<>(this, "report");
    private final BooleanBinding canStart;
    private BackgroundTask<BatchReport> task;

    /**
     * @param changes the saved changes to choose from (the main window's library)
     * @param strength the main window's strength, used for every photo
     * @param sampler the main window's advanced settings at the time a batch starts
     */
    public BatchViewModel(EngineSession session, GuiThreads threads, GuiSettings settings,
                          ObservableList<LibraryItem> changes, ReadOnlyDoubleProperty strength,
                          Supplier<SamplingOptions> sampler) {
        this.session = session;
        this.threads = threads;
        this.settings = settings;
        this.changes = changes;
        this.strength = strength;
        this.sampler = sampler;
        settings.lastFolder(GuiSettings.Folder.BATCH_INPUT).ifPresent(inputFolder::set);
        settings.lastFolder(GuiSettings.Folder.BATCH_OUTPUT).ifPresent(outputFolder::set);
        canStart = change.isNotNull().and(inputFolder.isNotNull()).and(outputFolder.isNotNull()).and(running.not());
        // A "did not start" (or any finished run's summary) describes choices the user has since changed.
        javafx.beans.InvalidationListener choicesChanged = obs -> {
            if (!running.get()) {
                summary.set(Texts.text("batch.summary.initial"));
            }
        };
        change.addListener(choicesChanged);
        inputFolder.addListener(choicesChanged);
        outputFolder.addListener(choicesChanged);
    }

    /** The saved changes to choose from (the main window's library). */
    public ObservableList<LibraryItem> changes() {
        return changes;
    }

    /** The strength every photo is edited at (the main window's). */
    public ReadOnlyDoubleProperty strengthProperty() {
        return strength;
    }

    public ObjectProperty<LibraryItem> changeProperty() {
        return change;
    }

    public ObjectProperty<Path> inputFolderProperty() {
        return inputFolder;
    }

    public ObjectProperty<Path> outputFolderProperty() {
        return outputFolder;
    }

    public ReadOnlyBooleanProperty runningProperty() {
        return running.getReadOnlyProperty();
    }

    /** Photos finished (any way) out of all photos, 0..1. */
    public ReadOnlyDoubleProperty overallProgressProperty() {
        return overallProgress.getReadOnlyProperty();
    }

    /** Progress inside the current photo, 0..1. */
    public ReadOnlyDoubleProperty fileProgressProperty() {
        return fileProgress.getReadOnlyProperty();
    }

    public ReadOnlyStringProperty currentFileProperty() {
        return currentFile.getReadOnlyProperty();
    }

    public ReadOnlyStringProperty summaryProperty() {
        return summary.getReadOnlyProperty();
    }

    public ObservableList<FileResult> failures() {
        return FXCollections.unmodifiableObservableList(failures);
    }

    public ReadOnlyObjectProperty<BatchReport> reportProperty() {
        return report.getReadOnlyProperty();
    }

    public BooleanBinding canStartBinding() {
        return canStart;
    }

    /** Starts the batch; the change file is loaded and validated against the model first. */
    public void start() {
        if (!canStart.get()) {
            return;
        }
        LibraryItem chosen = change.get();
        if (!chosen.usable()) {
            summary.set(chosen.problem());
            return;
        }
        Path input = inputFolder.get();
        Path output = outputFolder.get();
        settings.rememberFolder(GuiSettings.Folder.BATCH_INPUT, input);
        settings.rememberFolder(GuiSettings.Folder.BATCH_OUTPUT, output);
        double atStrength = strength.get();
        SamplingOptions settingsNow;
        try {
            settingsNow = sampler.get();
        } catch (IllegalArgumentException e) {
            summary.set(Texts.format("preview.checkSettings", e.getMessage()));
            return;
        }
        failures.clear();
        report.set(null);
        overallProgress.set(0);
        fileProgress.set(0);
        running.set(true);
        summary.set(Texts.text("batch.summary.starting"));
        BatchListener listener = new UiListener();
        task = BackgroundTask.wrap(session.batch(chosen.file(), List.of(input), output, atStrength, settingsNow,
                listener)).deliverOn(threads.ui()).onSuccess(this::finished).onFailure(e -> {
            running.set(false);
            summary.set(Texts.format("batch.summary.notStarted", FailureMessages.describe(e)));
        }).onCancelled(() -> {
            running.set(false);
            summary.set(Texts.text("batch.summary.cancelledBeforeFirst"));
        });
        task.executeWith(threads.engine());
    }

    /** Stops after the current photo; finished outputs are kept and a later run resumes. */
    public void cancel() {
        if (task != null && running.get()) {
            task.cancel();
            summary.set(Texts.text("batch.summary.cancelling"));
        }
    }

    private void finished(BatchReport finalReport) {
        running.set(false);
        report.set(finalReport);
        failures.setAll(finalReport.failures());
        BatchCounts counts = finalReport.counts();
        overallProgress.set(counts.total() == 0 ? 1 : (double) counts.finished() / counts.total());
        fileProgress.set(0);
        currentFile.set("");
        String outcome = switch (finalReport.ending()) {
            case COMPLETED -> Texts.text("batch.outcome.completed");
            case CANCELLED -> Texts.text("batch.outcome.cancelled");
            case STOPPED -> Texts.format("batch.outcome.stopped", finalReport.message());
        };
        String skipped = finalReport.skippedNotImages() > 0
                ? Texts.format("batch.summary.skipped", finalReport.skippedNotImages()) : "";
        summary.set(Texts.format("batch.summary.finished", outcome, Durations.describe(counts.elapsed().toMillis()),
                counts.done(), counts.alreadyDone(), counts.failed(), skipped));
    }

    /** Posts the batch service's worker-thread events to the UI thread. */
    private final class UiListener implements BatchListener {

        @Override
        public void batchStarted(int images, int skippedNotImages) {
            threads.ui().execute(() -> summary.set(Texts.format("batch.summary.toEdit", images)));
        }

        @Override
        public void fileStarted(Path input, int number, int total) {
            threads.ui().execute(() -> {
                currentFile.set(Texts.format("batch.currentFile", number, total, input.getFileName()));
                fileProgress.set(0);
            });
        }

        @Override
        public void fileProgress(Path input, long done, long total) {
            threads.ui().execute(() -> fileProgress.set(total <= 0 ? 0 : (double) done / total));
        }

        @Override
        public void fileFinished(FileResult result, BatchCounts counts) {
            threads.ui().execute(() -> progress(counts));
        }

        @Override
        public void fileFailed(FileResult result, BatchCounts counts) {
            threads.ui().execute(() -> {
                failures.add(result);
                progress(counts);
            });
        }

        private void progress(BatchCounts counts) {
            overallProgress.set(counts.total() == 0 ? 1 : (double) counts.finished() / counts.total());
            String failed = counts.failed() > 0 ? Texts.format("batch.progress.failed", counts.failed()) : "";
            String left = counts.remaining()
                    .map(d -> Texts.format("batch.progress.left", Durations.describe(d.toMillis()))).orElse("");
            summary.set(Texts.format("batch.progress", counts.finished(), counts.total(), failed, left));
        }
    }
}
