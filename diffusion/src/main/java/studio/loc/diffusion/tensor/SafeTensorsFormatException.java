package studio.loc.diffusion.tensor;

import java.io.IOException;

/** A file that claims to be safetensors but is not well formed; the message names the file and the problem. */
public final class SafeTensorsFormatException extends IOException {

    private static final long serialVersionUID = 1L;

    public SafeTensorsFormatException(String message) {
        super(message);
    }

    public SafeTensorsFormatException(String message, Throwable cause) {
        super(message, cause);
    }

    static SafeTensorsFormatException of(String source, String problem) {
        return new SafeTensorsFormatException(source + " is not a valid safetensors file: " + problem);
    }
}
