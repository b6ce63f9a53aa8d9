package studio.loc.app.gui;

import java.nio.file.Path;
import javafx.beans.binding.BooleanBinding;
import javafx.beans.property.ReadOnlyObjectProperty;
import javafx.beans.property.ReadOnlyObjectWrapper;
import javafx.collections.FXCollections;
import javafx.collections.ObservableList;
import studio.loc.app.gui.library.ChangeLibrary;
import studio.loc.app.gui.library.LibraryItem;
import studio.loc.app.gui.task.BackgroundTask;
import studio.loc.app.messages.FailureMessages;
import studio.loc.app.messages.Texts;
import studio.loc.hypernet.engine.LearnedChange;

/** The change library: the folder of saved changes, saving the current change into it and loading one back. */
public final class LibraryViewModel {

    private final EngineSession session;
    private final GuiSettings settings;
    private final GuiThreads threads;
    private final StatusViewModel status;
    private final PreviewViewModel preview;
    private final ReadOnlyObjectWrapper<Path> folder = new ReadOnlyObjectWrapper<>(this, "folder");
    private final ObservableList<LibraryItem> items = FXCollections.observableArrayList();
    private final BooleanBinding canSave;

    LibraryViewModel(EngineSession session, GuiSettings settings, GuiThreads threads, StatusViewModel status,
                     PreviewViewModel preview) {
        this.session = session;
        this.settings = settings;
        this.threads = threads;
        this.status = status;
        this.preview = preview;
        folder.set(settings.libraryFolder());
        canSave = session.stateProperty().isEqualTo(EngineSession.State.READY)
                .and(preview.changeProperty().isNotNull()).and(status.busyProperty().not());
    }

    public ReadOnlyObjectProperty<Path> folderProperty() {
        return folder.getReadOnlyProperty();
    }

    public ObservableList<LibraryItem> items() {
        return FXCollections.unmodifiableObservableList(items);
    }

    public BooleanBinding canSaveBinding() {
        return canSave;
    }

    /** Where "Save change" with this name writes, so the view can ask before overwriting. */
    public Path changeFileFor(String name) {
        return new ChangeLibrary(folder.get()).fileFor(name);
    }

    /** Names the current change and saves it into {@code file} (normally {@link #changeFileFor}). */
    public void save(String name, Path file) {
        LearnedChange current = preview.changeProperty().get();
        if (current == null || !session.isReady()) {
            return;
        }
        String cleanName = name == null || name.isBlank() ? ExamplePairViewModel.newChangeName() : name.strip();
        LearnedChange named = EngineSession.renamed(current, cleanName);
        status.run(Texts.text("task.saving"), session.save(named, file), saved -> {
            preview.rename(current, named);
            status.say(Texts.format("library.saved", cleanName, saved));
            refresh();
        });
    }

    /** Loads a saved change and shows it on the selected photo; a change for another model is explained. */
    public void load(Path file) {
        if (!session.isReady()) {
            return;
        }
        status.run(Texts.text("task.loadingChange"), session.load(file), loaded -> {
            status.say(Texts.format("library.loaded", loaded.name()));
            preview.show(loaded);
        });
    }

    public void setFolder(Path newFolder) {
        settings.setLibraryFolder(newFolder);
        folder.set(newFolder.toAbsolutePath());
        refresh();
    }

    /** Re-reads the library folder (on the engine thread, which validates each file). */
    public void refresh() {
        if (!session.isReady()) {
            return;
        }
        BackgroundTask.wrap(session.readLibrary(new ChangeLibrary(folder.get())))
                .deliverOn(threads.ui()).onSuccess(items::setAll)
                .onFailure(e -> status.tell(Texts.format("library.notRead", FailureMessages.describe(e)), true))
                .executeWith(threads.engine());
    }
}
