package studio.loc.app.gui;

import java.nio.file.Path;
import javafx.scene.image.Image;
import studio.loc.diffusion.image.Picture;

/** One photo in the query filmstrip: its file, a thumbnail, the full-resolution view and the decoded picture. */
public final class QueryItem {

    private final Path file;
    private final Image thumbnail;
    private final Image fullImage;
    private final int width;
    private final int height;
    private final int bitDepth;
    private Picture picture;

    QueryItem(Path file, Picture picture, Image thumbnail, Image fullImage) {
        this.file = file;
        this.picture = picture;
        this.thumbnail = thumbnail;
        this.fullImage = fullImage;
        this.width = picture.width();
        this.height = picture.height();
        this.bitDepth = picture.bitDepth();
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

    public Image fullImage() {
        return fullImage;
    }

    /** "4032 × 3024 · 8-bit", for the status line and tooltips. */
    public String describeSize() {
        return width + " × " + height + " · " + bitDepth + "-bit";
    }

    Picture picture() {
        return picture;
    }

    /** Hands the picture over for closing (on the engine thread, after any work using it). */
    Picture release() {
        Picture old = picture;
        picture = null;
        return old;
    }

    @Override
    public String toString() {
        return name();
    }
}
