package studio.loc.app.batch;

/**
 * A batch cannot start (missing input, output folder read-only or inside the input, nothing to do); nothing was
 * written. The message says what to change.
 */
public final class BatchSetupException extends Exception {
    public BatchSetupException(String message) {
        super(message);
    }

    public BatchSetupException(String message, Throwable cause) {
        super(message, cause);
    }
}
