package studio.loc.app.gui;

import java.nio.file.Path;
import javafx.beans.property.ReadOnlyBooleanProperty;
import javafx.beans.property.ReadOnlyBooleanWrapper;
import javafx.beans.property.ReadOnlyObjectProperty;
import javafx.beans.property.ReadOnlyObjectWrapper;
import javafx.beans.property.ReadOnlyStringProperty;
import javafx.beans.property.ReadOnlyStringWrapper;
import javafx.scene.image.Image;
import studio.loc.diffusion.image.Picture;

/**
 * The state behind one drop zone (the example's before or after): the file, its thumbnail, or why it was refused.
 * Only the view-model changes it, on the UI thread.
 */
public final class ImageSlot {

    private final String key;
    private final ReadOnlyObjectWrapper<Path> file = new ReadOnlyObjectWrapper<>(this, "file");
    private final ReadOnlyObjectWrapper<Image> thumbnail = new ReadOnlyObjectWrapper<>(this, "thumbnail");
    private final ReadOnlyStringWrapper error = new ReadOnlyStringWrapper(this, "error");
    private final ReadOnlyBooleanWrapper loading = new ReadOnlyBooleanWrapper(this, "loading");
    private Picture picture;

    /** @param key "before" or "after": the slot's texts are {@code slot.<key>.*} in the bundle */
    ImageSlot(String key) {
        this.key = key;
    }

    /** "before" or "after", which names the slot's texts ({@code slot.before.choose}, ...). */
    public String key() {
        return key;
    }

    public ReadOnlyObjectProperty<Path> fileProperty() {
        return file.getReadOnlyProperty();
    }

    public ReadOnlyObjectProperty<Image> thumbnailProperty() {
        return thumbnail.getReadOnlyProperty();
    }

    /** Why the last file was refused; null when there is nothing to say. */
    public ReadOnlyStringProperty errorProperty() {
        return error.getReadOnlyProperty();
    }

    public ReadOnlyBooleanProperty loadingProperty() {
        return loading.getReadOnlyProperty();
    }

    public boolean hasPicture() {
        return picture != null;
    }

    Picture picture() {
        return picture;
    }

    void startLoading() {
        loading.set(true);
        error.set(null);
    }

    /** Puts a new picture in; returns the one it replaces (the caller closes it safely). */
    Picture accept(Path source, Picture newPicture, Image newThumbnail) {
        Picture old = picture;
        picture = newPicture;
        file.set(source);
        thumbnail.set(newThumbnail);
        error.set(null);
        loading.set(false);
        return old;
    }

    /** Refuses a file in place; the previous picture (if any) stays. */
    void refuse(String reason) {
        error.set(reason);
        loading.set(false);
    }

    /** Empties the slot; returns the picture it held (the caller closes it safely). */
    Picture clear() {
        Picture old = picture;
        picture = null;
        file.set(null);
        thumbnail.set(null);
        error.set(null);
        return old;
    }
}
