package studio.loc.app.gui.batch;

import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Executor;
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
import studio.loc.app.batch.BatchRequest;
import studio.loc.app.batch.BatchService;
import studio.loc.app.batch.FileResult;
import studio.loc.app.batch.PictureFilesCodec;
import studio.loc.app.engine.LearnedChange;
import studio.loc.app.gui.Durations;
import studio.loc.app.gui.GuiSettings;
import studio.loc.app.gui.MainViewModel;
import studio.loc.app.gui.UserMessages;
import studio.loc.app.gui.library.LibraryItem;
import studio.loc.app.gui.task.BackgroundTask;
import studio.loc.diffusion.io.Sha256;

/**
 * The batch dialog's state and commands: one saved change, an input folder, an output folder; per-photo and
 * overall progress, the failed photos with reasons, and cancel. The batch service does the work on the engine
 * thread with the main window's strength and advanced settings.
 */
public final class BatchViewModel {

    private final MainViewModel main;
    private final GuiSettings settings;
    private final Executor uiThread;

    private final ObjectProperty<LibraryItem> change = new SimpleObjectProperty<>(this, "change");
    private final ObjectProperty<Path> inputFolder = new SimpleObjectProperty<>(this, "inputFolder");
    private final ObjectProperty<Path> outputFolder = new SimpleObjectProperty<>(this, "outputFolder");
    private final ReadOnlyBooleanWrapper running = new ReadOnlyBooleanWrapper(this, "running");
    private final ReadOnlyDoubleWrapper overallProgress = new ReadOnlyDoubleWrapper(this, "overallProgress", 0);
    private final ReadOnlyDoubleWrapper fileProgress = new ReadOnlyDoubleWrapper(this, "fileProgress", 0);
    private final ReadOnlyStringWrapper currentFile = new ReadOnlyStringWrapper(this, "currentFile", "");
    private final ReadOnlyStringWrapper summary = new ReadOnlyStringWrapper(this, "summary",
            "Choose a saved change, a folder of photos and where the results go.");
    private final ObservableList<FileResult> failures = FXCollections.observableArrayList();
    private final ReadOnlyObjectWrapper<BatchReport> report = new ReadOnlyObjectWrapper<>(this, "report");
    private final BooleanBinding canStart;
    private BackgroundTask<BatchReport> task;

    public BatchViewModel(MainViewModel main) {
        this.main = main;
        this.settings = main.settings();
        this.uiThread = main.uiThread();
        settings.lastFolder(GuiSettings.Folder.BATCH_INPUT).ifPresent(inputFolder::set);
        settings.lastFolder(GuiSettings.Folder.BATCH_OUTPUT).ifPresent(outputFolder::set);
        canStart = change.isNotNull().and(inputFolder.isNotNull()).and(outputFolder.isNotNull()).and(running.not());
    }

    /** The saved changes to choose from (the main window's library). */
    public ObservableList<LibraryItem> changes() {
        return main.library();
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
        double strength = main.strengthProperty().get();
        var sampler = main.samplerSettings();
        failures.clear();
        report.set(null);
        overallProgress.set(0);
        fileProgress.set(0);
        running.set(true);
        summary.set("Starting…");
        BatchListener listener = new UiListener();
        task = main.<BatchReport>engineTask((engine, progress, cancel) -> {
            LearnedChange learned = engine.load(chosen.file());
            BatchRequest request = BatchRequest.builder(learned, Sha256.ofFile(chosen.file()), sampler)
                    .inputs(List.of(input)).outputFolder(output).strength(strength).build();
            return new BatchService(engine, new PictureFilesCodec()).run(request, listener, cancel);
        }).onSuccess(this::finished).onFailure(e -> {
            running.set(false);
            summary.set("The batch did not start: " + UserMessages.describe(e));
        }).onCancelled(() -> {
            running.set(false);
            summary.set("Cancelled before the first photo.");
        });
        task.executeWith(main.engineThread());
    }

    /** Stops after the current photo; finished outputs are kept and a later run resumes. */
    public void cancel() {
        if (task != null && running.get()) {
            task.cancel();
            summary.set("Cancelling after the current photo…");
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
            case COMPLETED -> "Finished";
            case CANCELLED -> "Cancelled";
            case STOPPED -> "Stopped: " + finalReport.message();
        };
        summary.set(String.format(Locale.ROOT, "%s in %s — %d edited, %d already done, %d failed%s.", outcome,
                Durations.describe(counts.elapsed().toMillis()), counts.done(), counts.alreadyDone(), counts.failed(),
                finalReport.skippedNotImages() > 0 ? ", " + finalReport.skippedNotImages() + " non-images left alone" : ""));
    }

    /** Posts the batch service's worker-thread events to the UI thread. */
    private final class UiListener implements BatchListener {

        @Override
        public void batchStarted(int images, int skippedNotImages) {
            uiThread.execute(() -> summary.set(images + " photos to edit."));
        }

        @Override
        public void fileStarted(Path input, int number, int total) {
            uiThread.execute(() -> {
                currentFile.set("Photo " + number + " of " + total + ": " + input.getFileName());
                fileProgress.set(0);
            });
        }

        @Override
        public void fileProgress(Path input, long done, long total) {
            uiThread.execute(() -> fileProgress.set(total <= 0 ? 0 : (double) done / total));
        }

        @Override
        public void fileFinished(FileResult result, BatchCounts counts) {
            uiThread.execute(() -> progress(counts));
        }

        @Override
        public void fileFailed(FileResult result, BatchCounts counts) {
            uiThread.execute(() -> {
                failures.add(result);
                progress(counts);
            });
        }

        private void progress(BatchCounts counts) {
            overallProgress.set(counts.total() == 0 ? 1 : (double) counts.finished() / counts.total());
            String left = counts.remaining().map(d -> " · about " + Durations.describe(d.toMillis()) + " left").orElse("");
            summary.set(counts.finished() + " of " + counts.total() + " done"
                    + (counts.failed() > 0 ? " · " + counts.failed() + " failed" : "") + left);
        }
    }
}
