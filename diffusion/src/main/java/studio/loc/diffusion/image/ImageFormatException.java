package studio.loc.diffusion.image;

/** A file LoC Studio cannot read as a picture; the message names the file and says what is wrong. */
public final class ImageFormatException extends Exception {

    private static final long serialVersionUID = 1L;

    public ImageFormatException(String message) {
        super(message);
    }

    public ImageFormatException(String message, Throwable cause) {
        super(message, cause);
    }
}
