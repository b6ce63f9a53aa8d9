package studio.loc.app.cli;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;
import studio.loc.app.engine.EngineException;
import studio.loc.app.engine.EngineFactory;
import studio.loc.app.model.ModelNotFoundException;

/** {@code gui} (also what {@code loc-studio} alone does): open the window. */
@Command(name = "gui", mixinStandardHelpOptions = true,
        description = "Open the LoC Studio window (the same as running loc-studio without a command).",
        footer = {"", "Examples:", "  loc-studio", "  loc-studio gui --model ~/models/loc-large"})
final class GuiCommand implements Callable<Integer> {

    private final CliEnvironment environment;

    @Spec
    CommandSpec spec;

    @Mixin
    CommonOptions common;

    /** What the desktop passes when the user double-clicks a change file (the file association). */
    @Parameters(arity = "0..1", paramLabel = "CHANGE", description = "A change file (*.loc.safetensors) to open.")
    Path changeFile;

    GuiCommand(CliEnvironment environment) {
        this.environment = environment;
    }

    @Override
    public Integer call() throws CliException {
        checkChangeFile(changeFile);
        return open(environment, common, spec);
    }

    /** The only loose argument the window takes is an existing change file; anything else is a typo to report. */
    static void checkChangeFile(Path changeFile) throws CliException {
        if (changeFile != null && (!changeFile.getFileName().toString().endsWith(".loc.safetensors")
                || !Files.isRegularFile(changeFile))) {
            throw new CliException("\"" + changeFile + "\" is neither a command nor a change file"
                    + " (*.loc.safetensors). Run 'loc-studio --help' for the commands.", ExitCodes.USAGE);
        }
    }

    /**
     * Opens the window. A model folder the user named must exist; when the automatic search finds none, the
     * window still opens (with a null folder) so the user can choose one there.
     */
    static int open(CliEnvironment environment, CommonOptions common, CommandSpec spec) throws CliException {
        Path folder;
        try {
            folder = environment.models().locate(common.model);
        } catch (ModelNotFoundException e) {
            if (common.model != null) {
                throw new CliException(e.getMessage(), ExitCodes.USAGE, e);
            }
            folder = null;
        }
        EngineFactory factory = environment.engines().get().orElse(modelFolder -> {
            throw new EngineException("No model engine is installed in this build of LoC Studio.");
        });
        GuiLauncher.launch(factory, folder, spec.commandLine().getParseResult().originalArgs()
                .toArray(String[]::new));
        return ExitCodes.OK;
    }
}
