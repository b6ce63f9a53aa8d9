package studio.loc.app.gui;

import java.nio.file.Path;
import java.util.List;
import javafx.beans.property.ObjectProperty;
import javafx.beans.property.SimpleObjectProperty;
import javafx.collections.FXCollections;
import javafx.collections.ObservableList;
import studio.loc.app.gui.task.BackgroundTask;
import studio.loc.diffusion.image.Picture;

/** The photos to edit, as thumbnails, and which one is selected. */
public final class FilmstripViewModel {

    static final int THUMBNAIL_SIDE = 160;

    private final PictureFiles files;
    private final GuiSettings settings;
    private final GuiThreads threads;
    private final StatusViewModel status;
    private final ObservableList<QueryItem> queries = FXCollections.observableArrayList();
    private final ObjectProperty<QueryItem> selected = new SimpleObjectProperty<>(this, "selected");

    FilmstripViewModel(PictureFiles files, GuiSettings settings, GuiThreads threads, StatusViewModel status) {
        this.files = files;
        this.settings = settings;
        this.threads = threads;
        this.status = status;
    }

    public ObservableList<QueryItem> queries() {
        return FXCollections.unmodifiableObservableList(queries);
    }

    /** Which photo is shown and edited; the filmstrip selection writes it. */
    public ObjectProperty<QueryItem> selectedProperty() {
        return selected;
    }

    /** Adds photos to the filmstrip; files that cannot be read are reported and skipped. */
    public void add(List<Path> paths) {
        for (Path file : paths) {
            settings.rememberFolder(GuiSettings.Folder.QUERY, file);
            BackgroundTask.wrap((p, c) -> {
                try (Picture picture = files.read(file)) {
                    return new QueryItem(file, FxPictures.thumbnail(picture, THUMBNAIL_SIDE),
                            picture.width(), picture.height(), picture.bitDepth());
                }
            }).deliverOn(threads.ui()).onSuccess(item -> {
                queries.add(item);
                if (selected.get() == null) {
                    selected.set(item);
                }
            }).onFailure(e -> status.tellFailure("filmstrip.notAdded", file.getFileName(), e))
                    .executeWith(threads.io());
        }
    }

    public void remove(QueryItem item) {
        int index = queries.indexOf(item);
        if (index < 0) {
            return;
        }
        queries.remove(index);
        if (selected.get() == item) {
            selected.set(queries.isEmpty() ? null : queries.get(Math.min(index, queries.size() - 1)));
        }
    }

    void clear() {
        queries.clear();
    }
}
