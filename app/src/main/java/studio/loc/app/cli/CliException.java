package studio.loc.app.cli;

/** A problem the user can fix, with the exit code to end with; printed without a stack trace. */
public final class CliException extends Exception {

    private final int exitCode;

    public CliException(String message, int exitCode) {
        super(message);
        this.exitCode = exitCode;
    }

    public CliException(String message, int exitCode, Throwable cause) {
        super(message, cause);
        this.exitCode = exitCode;
    }

    public int exitCode() {
        return exitCode;
    }
}
