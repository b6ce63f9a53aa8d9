package studio.loc.app.model;

import java.nio.file.Path;
import java.util.List;

/** No base-model folder was found; the message lists every place that was searched so the user can fix it. */
public final class ModelNotFoundException extends Exception {

    private final List<Path> searched;

    public ModelNotFoundException(String message, List<Path> searched) {
        super(message);
        this.searched = List.copyOf(searched);
    }

    /** The folders that were tried, in order. */
    public List<Path> searched() {
        return searched;
    }
}
