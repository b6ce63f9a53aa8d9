package studio.loc.app.lut;

/** A colour-table file that cannot be read or written; the message names the file and says why. */
public final class LutFileException extends Exception {

    private static final long serialVersionUID = 1L;

    public LutFileException(String message) {
        super(message);
    }

    public LutFileException(String message, Throwable cause) {
        super(message, cause);
    }
}
