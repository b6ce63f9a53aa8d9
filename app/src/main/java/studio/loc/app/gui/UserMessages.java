package studio.loc.app.gui;

import java.io.IOException;
import java.nio.file.AccessDeniedException;
import java.nio.file.NoSuchFileException;
import studio.loc.app.batch.BatchSetupException;
import studio.loc.diffusion.progress.CancelledException;
import studio.loc.hypernet.engine.EngineException;

/** Turns a failure into one sentence an artist can act on; the details go to the log, never a stack trace on screen. */
public final class UserMessages {

    private UserMessages() {
    }

    public static String describe(Throwable error) {
        if (error instanceof CancelledException) {
            return "Cancelled.";
        }
        if (error instanceof EngineException || error instanceof PictureFileException
                || error instanceof BatchSetupException) {
            return error.getMessage();
        }
        if (error instanceof NoSuchFileException e) {
            return "The file " + e.getFile() + " does not exist (any more).";
        }
        if (error instanceof AccessDeniedException e) {
            return "LoC Studio may not access " + e.getFile() + ". Check the file's permissions.";
        }
        if (error instanceof IOException e) {
            return "A file could not be read or written: " + e.getMessage();
        }
        if (error instanceof OutOfMemoryError || error.getCause() instanceof OutOfMemoryError) {
            return "Not enough memory for this image. Try a smaller image or close other programs.";
        }
        System.getLogger(UserMessages.class.getName()).log(System.Logger.Level.ERROR, "Unexpected failure", error);
        String detail = error.getMessage() == null ? error.getClass().getSimpleName() : error.getMessage();
        return "Something went wrong: " + detail;
    }
}
