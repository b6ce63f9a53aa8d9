package studio.loc.app.cli;

import java.nio.file.Files;
import java.nio.file.Path;
import studio.loc.app.batch.BatchRequest;
import studio.loc.app.batch.UnreadableImageException;
import studio.loc.diffusion.image.Picture;

/** Reads the example photos of {@code learn} and {@code edit}, with errors that name the option. */
final class PhotoInput {

    private PhotoInput() {
    }

    static Picture read(CliEnvironment environment, Path file, String option) throws CliException {
        if (!Files.isRegularFile(file)) {
            throw new CliException("The " + option + " photo was not found: " + file.toAbsolutePath(),
                    ExitCodes.USAGE);
        }
        try {
            return environment.codec().read(file, BatchRequest.DEFAULT_MAX_PIXELS);
        } catch (UnreadableImageException e) {
            throw new CliException("The " + option + " photo " + file + " cannot be used: " + e.getMessage(),
                    ExitCodes.SOME_FAILED, e);
        }
    }
}
