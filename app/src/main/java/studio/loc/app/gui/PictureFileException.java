package studio.loc.app.gui;

import studio.loc.app.messages.ExplainedFailure;

/** A file the user chose cannot be used as a picture (not an image, too big, corrupt); the message says which. */
public final class PictureFileException extends Exception implements ExplainedFailure {
    public PictureFileException(String message) {
        super(message);
    }

    public PictureFileException(String message, Throwable cause) {
        super(message, cause);
    }
}
