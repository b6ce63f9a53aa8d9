package studio.loc.app.cli;

import java.nio.file.Files;
import java.nio.file.Path;
import picocli.CommandLine.Parameters;
import studio.loc.hypernet.change.ChangeFile;

/**
 * The one loose argument the window takes: the change file the desktop passes when the user double-clicks it (the
 * file association). Anything else there is a mistyped command and is reported as one.
 */
final class ChangeFileArgument {

    @Parameters(arity = "0..1", paramLabel = "CHANGE", description = "A change file (*.loc.safetensors) to open.")
    Path file;

    void check() throws CliException {
        if (file != null && (!file.getFileName().toString().endsWith(ChangeFile.EXTENSION)
                || !Files.isRegularFile(file))) {
            throw new CliException("\"" + file + "\" is neither a command nor a change file"
                    + " (*.loc.safetensors). Run 'loc-studio --help' for the commands.", ExitCodes.USAGE);
        }
    }
}
