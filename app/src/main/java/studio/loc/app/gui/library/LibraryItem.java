package studio.loc.app.gui.library;

import java.nio.file.Path;
import javafx.scene.image.Image;

/**
 * One saved change as the library panel shows it.
 *
 * @param file the change file
 * @param name the change's name (the file name when it could not be read)
 * @param baseModel the model it was made for ("" if unreadable)
 * @param before thumbnail of the example's before image, or null
 * @param after thumbnail of the example's after image, or null
 * @param problem why it cannot be used with the current model, or null when it can
 */
public record LibraryItem(Path file, String name, String baseModel, Image before, Image after, String problem) {

    public boolean usable() {
        return problem == null;
    }
}
