package studio.loc.app.gui;

import java.nio.file.Path;
import javafx.scene.image.Image;
import studio.loc.app.messages.Texts;

/**
 * One photo in the query filmstrip: its file and a thumbnail. The full picture is decoded only while the photo is
 * selected, so a filmstrip of fifty 24-megapixel photos does not hold fifty decoded copies in memory.
 */
public final class QueryItem {

    private final Path file;
    private final Image thumbnail;
    private final int width;
    private final int height;
    private final int bitDepth;
    private final javafx.beans.property.BooleanProperty exported =
            new javafx.beans.property.SimpleBooleanProperty(this, "exported");

    QueryItem(Path file, Image thumbnail, int width, int height, int bitDepth) {
        this.file = file;
        this.thumbnail = thumbnail;
        this.width = width;
        this.height = height;
        this.bitDepth = bitDepth;
    }

    public Path file() {
        return file;
    }

    public String name() {
        return file.getFileName().toString();
    }

    public Image thumbnail() {
        return thumbnail;
    }

    /** True once this photo was exported with a change (the filmstrip marks it). */
    public javafx.beans.property.ReadOnlyBooleanProperty exportedProperty() {
        return exported;
    }

    void markExported() {
        exported.set(true);
    }

    /** "4032 × 3024 · 8-bit", for the status line and tooltips. */
    public String describeSize() {
        return Texts.format("photo.size", width, height, bitDepth);
    }

    @Override
    public String toString() {
        return name();
    }
}
