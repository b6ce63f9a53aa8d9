package studio.loc.hypernet.change;

/** A change file that cannot be used: wrong format, damaged, or made for another base model. The message says why. */
public final class ChangeFileException extends Exception {

    private static final long serialVersionUID = 1L;

    public ChangeFileException(String message) {
        super(message);
    }

    public ChangeFileException(String message, Throwable cause) {
        super(message, cause);
    }
}
