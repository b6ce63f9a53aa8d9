package studio.loc.app.cli;

import java.io.PrintWriter;
import picocli.CommandLine;
import picocli.CommandLine.IExecutionExceptionHandler;
import picocli.CommandLine.ParseResult;
import studio.loc.app.messages.FailureMessages;
import studio.loc.app.messages.Texts;
import studio.loc.app.model.ModelNotFoundException;
import studio.loc.diffusion.progress.CancellationToken;
import studio.loc.diffusion.progress.CancelledException;
import studio.loc.hypernet.engine.EngineException;

/**
 * Prints a failed command's error as a sentence a person can act on (worded by {@link FailureMessages}, as the GUI
 * words it) and ends with the exit code for its kind; the stack trace only with --debug.
 */
final class ErrorReporter implements IExecutionExceptionHandler {

    private final CancellationToken cancel;

    ErrorReporter(CancellationToken cancel) {
        this.cancel = cancel;
    }

    @Override
    public int handleExecutionException(Exception thrown, CommandLine commandLine, ParseResult parseResult) {
        PrintWriter err = commandLine.getErr();
        // after Ctrl-C, whatever broke while the JVM shuts down (a library failing to register its shutdown hook
        // during start-up, a model half read) is part of the cancellation
        Exception error = cancel.isCancelled() ? new CancelledException() : thrown;
        String message = error instanceof CliException ? error.getMessage() : FailureMessages.describe(error);
        if (!(error instanceof CliException) && FailureMessages.isUnexpected(error)) {
            message += " " + Texts.text("failure.debugHint");
        }
        err.println("loc-studio: " + message);
        if (isDebug(parseResult)) {
            thrown.printStackTrace(err);
        }
        err.flush();
        return exitCode(error);
    }

    private static int exitCode(Exception error) {
        return switch (error) {
            case CliException e -> e.exitCode();
            case CancelledException e -> ExitCodes.CANCELLED;
            case ModelNotFoundException e -> ExitCodes.USAGE;
            case EngineException e -> ExitCodes.USAGE;
            default -> ExitCodes.SOME_FAILED;
        };
    }

    private static boolean isDebug(ParseResult parseResult) {
        return parseResult != null && parseResult.originalArgs().contains("--debug");
    }
}
