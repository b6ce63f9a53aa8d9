package studio.loc.app.cli;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import studio.loc.diffusion.io.Sha256;
import studio.loc.hypernet.engine.ChangeEngine;
import studio.loc.hypernet.engine.LearnedChange;

/** {@code edit}: learn a change from a pair and apply it straight away (learn + apply). */
@Command(name = "edit", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Learn the change from a before/after pair and apply it to another photo (learn + apply).",
                "--query may also be a folder; -o is then an output folder, as with 'apply'."},
        footer = {"", "Examples:",
                "  loc-studio edit --before a.jpg --after a2.jpg --query b.jpg -o b2.jpg",
                "  loc-studio edit --before a.jpg --after a2.jpg --query trip/ -o trip-edited/ \\",
                "      --save-change look.loc.safetensors",
                "", "Exit codes: 0 all done, 1 some photos failed, 2 usage or model error,", "130 cancelled."})
final class EditCommand implements Callable<Integer> {

    private final CliEnvironment environment;

    @Spec
    CommandSpec spec;

    @Mixin
    CommonOptions common;

    @Option(names = "--before", required = true, paramLabel = "A", description = "The example photo before the edit.")
    Path before;

    @Option(names = "--after", required = true, paramLabel = "A2",
            description = "The example photo after the edit.")
    Path after;

    @Option(names = "--query", required = true, paramLabel = "B", description = "The photo (or folder) to edit.")
    Path query;

    @Mixin
    OutputOptions output;

    @Mixin
    SamplerOptions sampler;

    @Mixin
    RefineOption refine;

    @Option(names = "--save-change", paramLabel = "CHANGE",
            description = "Also save the learned change (*.loc.safetensors) for later 'apply' runs.")
    Path saveChange;

    @Option(names = "--name", paramLabel = "N", description = "A name for the learned change (default: \"edit\").")
    String name;

    EditCommand(CliEnvironment environment) {
        this.environment = environment;
    }

    @Override
    public Integer call() throws Exception {
        output.validate(spec.commandLine(), environment.codec());
        if (output.quiet) {
            NativeNoiseFilter.activate();
        }
        var err = spec.commandLine().getErr();
        try (ChangeEngine engine = EngineOpener.open(environment, common)) {
            String changeName = name != null ? name
                    : saveChange != null ? LearnCommand.defaultName(LearnCommand.changeFile(saveChange)) : "edit";
            LearnedChange change = ChangeLearning.learn(environment, engine, before, after, changeName,
                    refine.resolve(), err);
            if (saveChange != null) {
                Path file = LearnCommand.changeFile(saveChange);
                LearnCommand.save(engine, change, file);
                err.println("Saved the change to " + file);
            }
            return BatchRun.run(environment, engine, change, fingerprint(changeName), List.of(query), output,
                    sampler.resolve(engine.model().defaults()), spec.commandLine().getOut(), err);
        }
    }

    /** Learning is deterministic per pair, so the pair's bytes identify the change for resuming. */
    private String fingerprint(String changeName) throws IOException {
        return pairFingerprint(before, after, changeName);
    }

    /** The resume fingerprint of the change learned from a pair under a name. */
    static String pairFingerprint(Path before, Path after, String changeName) throws IOException {
        return "pair:" + Sha256.ofText(Sha256.ofFile(before) + Sha256.ofFile(after) + changeName);
    }
}
