package studio.loc.spark;

/** The job cannot start (or a task cannot set up its engine); the message says what to fix. */
public final class JobSetupException extends Exception {

    private static final long serialVersionUID = 1L;

    JobSetupException(String message) {
        super(message);
    }

    JobSetupException(String message, Throwable cause) {
        super(message, cause);
    }
}
