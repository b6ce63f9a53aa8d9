package studio.loc.app.messages;

import java.io.IOException;
import java.nio.file.AccessDeniedException;
import java.nio.file.NoSuchFileException;
import java.util.regex.Pattern;
import studio.loc.app.batch.BatchSetupException;
import studio.loc.app.model.ModelNotFoundException;
import studio.loc.diffusion.pipeline.UnusableEditException;
import studio.loc.diffusion.progress.CancelledException;
import studio.loc.hypernet.engine.EngineException;

/**
 * Turns a failure into one sentence a person can act on, for the GUI and the CLI alike: no stack trace, no Java
 * class names. Whether to show more (the CLI's --debug, the GUI's log) is the caller's business.
 */
public final class FailureMessages {

    /** "java.io.IOException: " and the like, which wrapped exceptions put in front of their cause's message. */
    private static final Pattern CLASS_NAME_PREFIX =
            Pattern.compile("\\b(?:[a-z_$][\\w$]*\\.)+[A-Z][\\w$]*(?:Exception|Error)(?::\\s*)?");

    private FailureMessages() {
    }

    public static String describe(Throwable error) {
        if (error instanceof CancelledException) {
            return Texts.text("failure.cancelled");
        }
        if (isExplained(error)) {
            return withoutClassNames(error.getMessage());
        }
        if (error instanceof NoSuchFileException e) {
            return Texts.format("failure.noSuchFile", e.getFile());
        }
        if (error instanceof AccessDeniedException e) {
            return Texts.format("failure.accessDenied", e.getFile());
        }
        if (error instanceof IOException e) {
            return Texts.format("failure.io", detail(e));
        }
        if (isOutOfMemory(error)) {
            return Texts.text("failure.outOfMemory");
        }
        return Texts.format("failure.unexpected", detail(error));
    }

    /**
     * True for failures nobody anticipated (a bug, not a missing file or a wrong model): worth a log entry or a
     * stack trace for whoever reports it.
     */
    public static boolean isUnexpected(Throwable error) {
        return !(error instanceof CancelledException || isExplained(error) || error instanceof IOException
                || isOutOfMemory(error));
    }

    private static boolean isExplained(Throwable error) {
        return error instanceof ExplainedFailure || error instanceof EngineException
                || error instanceof ModelNotFoundException || error instanceof BatchSetupException
                || error instanceof UnusableEditException;
    }

    private static boolean isOutOfMemory(Throwable error) {
        return error instanceof OutOfMemoryError || error.getCause() instanceof OutOfMemoryError;
    }

    private static String detail(Throwable error) {
        String message = error.getMessage() == null ? null : withoutClassNames(error.getMessage()).strip();
        return message == null || message.isEmpty() ? Texts.text("failure.noDetail") : message;
    }

    private static String withoutClassNames(String message) {
        return message == null ? "" : CLASS_NAME_PREFIX.matcher(message).replaceAll("");
    }
}
