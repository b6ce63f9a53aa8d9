package studio.loc.app.cli;

import java.io.IOException;
import java.io.PrintWriter;
import picocli.CommandLine;
import picocli.CommandLine.IExecutionExceptionHandler;
import picocli.CommandLine.ParseResult;
import studio.loc.app.model.ModelNotFoundException;
import studio.loc.diffusion.progress.CancelledException;
import studio.loc.hypernet.engine.EngineException;

/** Prints a failed command's error as a sentence a person can act on; the stack trace only with --debug. */
final class ErrorReporter implements IExecutionExceptionHandler {

    @Override
    public int handleExecutionException(Exception error, CommandLine commandLine, ParseResult parseResult) {
        PrintWriter err = commandLine.getErr();
        int exitCode;
        String message;
        switch (error) {
            case CliException e -> {
                message = e.getMessage();
                exitCode = e.exitCode();
            }
            case CancelledException e -> {
                message = "Cancelled.";
                exitCode = ExitCodes.CANCELLED;
            }
            case ModelNotFoundException e -> {
                message = e.getMessage();
                exitCode = ExitCodes.USAGE;
            }
            case EngineException e -> {
                message = e.getMessage();
                exitCode = ExitCodes.USAGE;
            }
            case IOException e -> {
                message = "A file could not be read or written: " + e;
                exitCode = ExitCodes.SOME_FAILED;
            }
            default -> {
                message = "Unexpected error: " + error + ". Run again with --debug to see where it happened.";
                exitCode = ExitCodes.SOME_FAILED;
            }
        }
        err.println("loc-studio: " + message);
        if (isDebug(parseResult)) {
            error.printStackTrace(err);
        }
        err.flush();
        return exitCode;
    }

    private static boolean isDebug(ParseResult parseResult) {
        return parseResult != null && parseResult.originalArgs().contains("--debug");
    }
}
