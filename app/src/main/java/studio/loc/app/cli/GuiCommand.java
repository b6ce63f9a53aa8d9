package studio.loc.app.cli;

import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;
import studio.loc.app.model.ModelNotFoundException;
import studio.loc.hypernet.engine.EngineException;
import studio.loc.hypernet.engine.EngineFactory;

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

    @Mixin
    ChangeFileArgument changeFile;

    GuiCommand(CliEnvironment environment) {
        this.environment = environment;
    }

    @Override
    public Integer call() throws CliException {
        changeFile.check();
        return open(environment, common, spec);
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
