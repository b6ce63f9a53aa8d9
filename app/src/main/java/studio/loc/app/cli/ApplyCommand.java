package studio.loc.app.cli;

import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;
import studio.loc.diffusion.io.Sha256;
import studio.loc.hypernet.engine.ChangeEngine;
import studio.loc.hypernet.engine.LearnedChange;

/** {@code apply}: a saved change onto photos and folders. */
@Command(name = "apply", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Apply a saved change to photos and folders.",
                "Folders are edited recursively; the sub-folder layout, each photo's format, size and bit depth are "
                        + "kept. Originals are never overwritten. Other files are skipped; photos that cannot be read "
                        + "are listed at the end and in loc-batch-report.csv. A re-run skips finished photos. "
                        + "Files in the output that LoC Studio did not write are kept (see --overwrite)."},
        footer = {"", "Examples:",
                "  loc-studio apply --change warm.loc.safetensors photos/ -o photos-warm/",
                "  loc-studio apply -c warm.loc.safetensors --strength 0.5 a.jpg b.jpg -o out/",
                "  loc-studio apply -c warm.loc.safetensors --format png raw-tiffs/ -o pngs/",
                "  loc-studio apply -c warm.loc.safetensors portrait.tif -o portrait-warm.tif",
                "", "Exit codes: 0 all done, 1 some photos failed, 2 usage or model error,", "130 cancelled."})
final class ApplyCommand implements Callable<Integer> {

    private final CliEnvironment environment;

    @Spec
    CommandSpec spec;

    @Mixin
    CommonOptions common;

    @Option(names = {"-c", "--change"}, required = true, paramLabel = "CHANGE",
            description = "The change file (*.loc.safetensors).")
    Path change;

    @Mixin
    OutputOptions output;

    @Mixin
    SamplerOptions sampler;

    @Parameters(arity = "1..*", paramLabel = "INPUT", description = "Photos and/or folders to edit.")
    List<Path> inputs;

    ApplyCommand(CliEnvironment environment) {
        this.environment = environment;
    }

    @Override
    public Integer call() throws Exception {
        output.validate(spec.commandLine(), environment.codec());
        if (output.quiet) {
            NativeNoiseFilter.activate();
        }
        try (ChangeEngine engine = EngineOpener.open(environment, common)) {
            LearnedChange learned = EngineOpener.loadChange(engine, change);
            String fingerprint = Sha256.ofFile(change);
            return BatchRun.run(environment, engine, learned, fingerprint, inputs, output,
                    sampler.resolve(engine.model().defaults()), spec.commandLine().getOut(),
                    spec.commandLine().getErr());
        }
    }
}
