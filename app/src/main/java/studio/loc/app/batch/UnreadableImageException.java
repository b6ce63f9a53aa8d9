package studio.loc.app.batch;

/** A photo that cannot be used (not an image, corrupt, too large, unreadable); the message says which. */
public final class UnreadableImageException extends Exception {
    public UnreadableImageException(String message) {
        super(message);
    }

    public UnreadableImageException(String message, Throwable cause) {
        super(message, cause);
    }
}
