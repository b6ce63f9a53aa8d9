package studio.loc.app.cli;

import java.nio.file.Files;
import java.nio.file.Path;
import studio.loc.app.messages.FailureMessages;
import studio.loc.app.model.ModelNotFoundException;
import studio.loc.hypernet.engine.ChangeEngine;
import studio.loc.hypernet.engine.EngineException;
import studio.loc.hypernet.engine.LearnedChange;

/** Opens the model and change files for a command, turning failures into messages with exit code 2. */
final class EngineOpener {

    private EngineOpener() {
    }

    static ChangeEngine open(CliEnvironment environment, CommonOptions common) throws CliException {
        var factory = environment.engineFactory();
        Path folder;
        try {
            folder = environment.models().locate(common.model);
        } catch (ModelNotFoundException e) {
            throw new CliException(e.getMessage(), ExitCodes.USAGE, e);
        }
        try {
            return factory.open(folder);
        } catch (EngineException e) {
            // the engine's message already names the folder ("Cannot open the model in ...: why")
            throw new CliException(FailureMessages.describe(e), ExitCodes.USAGE, e);
        }
    }

    static LearnedChange loadChange(ChangeEngine engine, Path file) throws CliException {
        if (!Files.isRegularFile(file)) {
            throw new CliException("Change file not found: " + file.toAbsolutePath(), ExitCodes.USAGE);
        }
        try {
            return engine.load(file);
        } catch (EngineException e) {
            throw new CliException("Cannot use the change file " + file + ": " + FailureMessages.describe(e),
                    ExitCodes.USAGE, e);
        }
    }
}
