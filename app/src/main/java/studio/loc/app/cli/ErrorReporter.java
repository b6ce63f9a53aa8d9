package studio.loc.app.cli;

import java.io.PrintWriter;
import picocli.CommandLine;
import picocli.CommandLine.IExecutionExceptionHandler;
import picocli.CommandLine.ParseResult;
import studio.loc.app.messages.FailureMessages;
import studio.loc.app.messages.Texts;
import studio.loc.app.model.ModelNotFoundException;
import studio.loc.diffusion.progress.CancelledException;
import studio.loc.hypernet.engine.EngineException;

/**
 * Prints a failed command's error as a sentence a person can act on (worded by {@link FailureMessages}, as the GUI
 * words it) and ends with the exit code for its kind; the stack trace only with --debug.
 */
final class ErrorReporter implements IExecutionExceptionHandler {

    @Override
    public int handleExecutionException(Exception error, CommandLine commandLine, ParseResult parseResult) {
        PrintWriter err = commandLine.getErr();
        String message = error instanceof CliException ? error.getMessage() : FailureMessages.describe(error);
        if (!(error instanceof CliException) && FailureMessages.isUnexpected(error)) {
            message += " " + Texts.text("failure.debugHint");
        }
        err.println("loc-studio: " + message);
        if (isDebug(parseResult)) {
            error.printStackTrace(err);
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
