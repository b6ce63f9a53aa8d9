package studio.loc.app.cli;

import java.nio.file.Path;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import studio.loc.hypernet.engine.ChangeEngine;
import studio.loc.hypernet.engine.EngineException;
import studio.loc.hypernet.engine.LearnedChange;

/** {@code learn}: a change file from one before/after pair. */
@Command(name = "learn", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Learn a change from one before/after pair and save it as a change file.",
                "The change can then be applied to any photo with 'apply', at any strength."},
        footer = {"", "Examples:",
                "  loc-studio learn --before street.jpg --after street-graded.jpg -o film-look",
                "  loc-studio learn --before a.png --after a2.png -o warm --name \"Warm evening\"",
                "  loc-studio learn --lut film.cube -o film        (a look from another tool: .cube or HaldCLUT)",
                "", "Exit codes: 0 saved, 1 a photo could not be read or learning failed,", "2 usage or model error."})
final class LearnCommand implements Callable<Integer> {

    static final String CHANGE_SUFFIX = ".loc.safetensors";

    private final CliEnvironment environment;

    @Spec
    CommandSpec spec;

    @Mixin
    CommonOptions common;

    @Option(names = "--before", paramLabel = "A", description = "The photo before the edit.")
    Path before;

    @Option(names = "--after", paramLabel = "A2", description = "The same photo after the edit.")
    Path after;

    @Option(names = "--lut", paramLabel = "LUT",
            description = "Instead of a pair: a colour table from another tool (.cube, or a HaldCLUT .png/.tif)"
                    + " to turn into a change.")
    Path lut;

    @Option(names = {"-o", "--output"}, required = true, paramLabel = "CHANGE",
            description = "Where to save the change (*.loc.safetensors; the suffix is added if missing).")
    Path output;

    @Option(names = "--name", paramLabel = "N", description = "A name for the change (default: from the file name).")
    String name;

    @Mixin
    RefineOption refine;

    LearnCommand(CliEnvironment environment) {
        this.environment = environment;
    }

    @Override
    public Integer call() throws Exception {
        Path file = changeFile(output);
        if (lut != null || before == null || after == null) {
            return LutLearning.learn(environment, common, spec, before, after, lut, file,
                    name != null ? name : defaultName(file));
        }
        for (Path example : new Path[] {before, after}) {
            if (file.toAbsolutePath().normalize().equals(example.toAbsolutePath().normalize())) {
                throw new CliException("The output " + file + " is one of the example photos; choose another name.",
                        ExitCodes.USAGE);
            }
        }
        var err = spec.commandLine().getErr();
        try (ChangeEngine engine = EngineOpener.open(environment, common)) {
            LearnedChange change = ChangeLearning.learn(environment, engine, before, after,
                    name != null ? name : defaultName(file), refine.resolve(), err);
            save(engine, change, file);
            spec.commandLine().getOut().println("Saved change \"" + change.name() + "\" for model "
                    + change.baseModel() + " to " + file);
            if (!change.carriedBy().isEmpty()) {
                spec.commandLine().getOut().println("How it applies: " + change.carriedBy());
            }
            return ExitCodes.OK;
        }
    }

    static void save(ChangeEngine engine, LearnedChange change, Path file) throws CliException {
        try {
            engine.save(change, file);
        } catch (EngineException e) {
            throw new CliException("Cannot save the change to " + file + ": " + e.getMessage(), ExitCodes.SOME_FAILED,
                    e);
        }
    }

    /** Change files end in .loc.safetensors so the app and file managers recognise them. */
    static Path changeFile(Path requested) {
        String fileName = requested.getFileName().toString();
        return fileName.toLowerCase(Locale.ROOT).endsWith(".safetensors") ? requested
                : requested.resolveSibling(fileName + CHANGE_SUFFIX);
    }

    static String defaultName(Path file) {
        String fileName = file.getFileName().toString();
        String lower = fileName.toLowerCase(Locale.ROOT);
        if (lower.endsWith(CHANGE_SUFFIX)) {
            return fileName.substring(0, fileName.length() - CHANGE_SUFFIX.length());
        }
        return fileName.substring(0, fileName.length() - ".safetensors".length());
    }
}
