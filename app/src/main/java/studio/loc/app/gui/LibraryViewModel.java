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
    private final ReadOnlyObjectWrapper<Path> currentFile = new ReadOnlyObjectWrapper<>(this, "currentFile");
    private final BooleanBinding unsaved;
    /** The change as it was last saved or loaded; any other current change is not in the library. */
    private LearnedChange fromLibrary;

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
        unsaved = preview.changeProperty().isNotNull().and(currentFile.isNull());
        preview.changeProperty().addListener((obs, old, now) -> {
            if (now != fromLibrary) {
                currentFile.set(null);
            }
        });
    }

    /** The library file the current change was saved to or loaded from; null for a change not (yet) saved. */
    public ReadOnlyObjectProperty<Path> currentFileProperty() {
        return currentFile.getReadOnlyProperty();
    }

    /** True while the current change was learned and not saved: closing the window would lose it. */
    public BooleanBinding unsavedBinding() {
        return unsaved;
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
            fromLibrary = named;
            preview.rename(current, named);
            currentFile.set(saved);
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
            fromLibrary = loaded;
            preview.show(loaded);
            currentFile.set(file);
        });
    }

    /** Gives a saved change a new name (its file follows); the library shows it under the new name. */
    public void rename(LibraryItem item, String newName) {
        String name = newName == null ? "" : newName.strip();
        if (name.isEmpty() || name.equals(item.name()) || !session.isReady()) {
            return;
        }
        Path target = changeFileFor(name);
        status.run(Texts.text("task.renaming"), session.rename(item.file(), name, target), renamed -> {
            if (item.file().equals(currentFile.get())) {
                LearnedChange shown = preview.changeProperty().get();
                if (shown != null) {
                    LearnedChange named = EngineSession.renamed(shown, name);
                    fromLibrary = named;
                    preview.rename(shown, named);
                }
                currentFile.set(renamed);
            }
            status.say(Texts.format("library.renamed", item.name(), name));
            refresh();
        });
    }

    /** Deletes a saved change's file; a change on screen from it stays there, now unsaved. */
    public void delete(LibraryItem item) {
        BackgroundTask.wrap((p, c) -> {
            java.nio.file.Files.deleteIfExists(item.file());
            return item;
        }).deliverOn(threads.ui()).onSuccess(deleted -> {
            if (deleted.file().equals(currentFile.get())) {
                fromLibrary = null;
                currentFile.set(null);
            }
            status.say(Texts.format("library.deleted", deleted.name()));
            refresh();
        }).onFailure(e -> status.tellFailure("library.notDeleted", item.name(), e)).executeWith(threads.io());
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
