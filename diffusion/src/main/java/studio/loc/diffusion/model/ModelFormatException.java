package studio.loc.diffusion.model;

/** A model folder that cannot be used: model.json missing or invalid, a weight file damaged or not matching. */
public final class ModelFormatException extends Exception {

    private static final long serialVersionUID = 1L;

    public ModelFormatException(String message) {
        super(message);
    }

    public ModelFormatException(String message, Throwable cause) {
        super(message, cause);
    }
}
