package studio.loc.app.cli;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;
import studio.loc.app.engine.EditEngine;
import studio.loc.app.engine.LearnedChange;

/** {@code inspect}: what a change file holds. */
@Command(name = "inspect", mixinStandardHelpOptions = true,
        description = {"Show what a change file holds: its name, the base model it was made for, when it was made."},
        footer = {"", "Example:", "  loc-studio inspect film-look.loc.safetensors",
                "", "Exit codes: 0 shown, 2 the file cannot be read or is for another model."})
final class InspectCommand implements Callable<Integer> {

    private final CliEnvironment environment;

    @Spec
    CommandSpec spec;

    @Mixin
    CommonOptions common;

    @Parameters(index = "0", paramLabel = "CHANGE", description = "The change file (*.loc.safetensors).")
    Path change;

    InspectCommand(CliEnvironment environment) {
        this.environment = environment;
    }

    @Override
    public Integer call() throws Exception {
        try (EditEngine engine = EngineOpener.open(environment, common)) {
            LearnedChange learned = EngineOpener.loadChange(engine, change);
            var out = spec.commandLine().getOut();
            out.println("File:        " + change.toAbsolutePath());
            out.println("Size:        " + Files.size(change) + " bytes");
            out.println("SHA-256:     " + EngineOpener.sha256(change));
            out.println("Name:        " + learned.name());
            out.println("Base model:  " + learned.baseModel());
            out.println("Created:     " + learned.created());
            out.println("Thumbnails:  before " + length(learned.beforeThumbnailPng()) + " bytes, after "
                    + length(learned.afterThumbnailPng()) + " bytes (PNG)");
            if (learned.learnMillis() > 0) {
                out.println("Learned in:  " + learned.learnMillis() + " ms");
            }
            out.flush();
            return ExitCodes.OK;
        }
    }

    private static int length(byte[] bytes) {
        return bytes == null ? 0 : bytes.length;
    }
}
