package studio.loc.app.cli;

import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/** {@code loc-studio}: without a command it opens the window; the commands do the work without one. */
@Command(name = "loc-studio", mixinStandardHelpOptions = true, versionProvider = VersionProvider.class,
        description = {"Learn an image edit from one before/after example and apply it to any photo.",
                "Without a command, opens the LoC Studio window."},
        footer = {"", "Examples:",
                "  loc-studio learn --before a.jpg --after a-edited.jpg -o look.loc.safetensors",
                "  loc-studio apply --change look.loc.safetensors photos/ -o photos-edited/",
                "  loc-studio edit --before a.jpg --after a2.jpg --query b.jpg -o b2.jpg",
                "  loc-studio inspect look.loc.safetensors",
                "  loc-studio eval --devset devset/ -o eval-report/",
                "  loc-studio train --recipe samples/recipe/default-model.json --photos photos/ \\",
                "      --work runs/default -o my-model/",
                "", "Exit codes: 0 all done, 1 some files failed, 2 usage or model error,", "130 cancelled.",
                "Run 'loc-studio COMMAND --help' for a command's options."})
final class RootCommand implements Callable<Integer> {

    private final CliEnvironment environment;

    @Spec
    CommandSpec spec;

    @Mixin
    CommonOptions common;

    @Mixin
    ChangeFileArgument changeFile;

    RootCommand(CliEnvironment environment) {
        this.environment = environment;
    }

    @Override
    public Integer call() throws CliException {
        changeFile.check();
        return GuiCommand.open(environment, common, spec);
    }
}
