package studio.loc.app.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;
import studio.loc.app.bench.MachineDescription;
import studio.loc.app.bench.PerPairComparison;
import studio.loc.app.bench.PerPairReport;
import studio.loc.diffusion.image.OpenCv;
import studio.loc.diffusion.progress.CancelledException;
import studio.loc.hypernet.engine.EngineException;
import studio.loc.hypernet.eval.Devset;
import studio.loc.hypernet.eval.EditPredictor;
import studio.loc.hypernet.eval.EvaluationException;
import studio.loc.hypernet.perpair.PerPairSettings;

/**
 * {@code bench per-pair}: compares the hypernetwork with per-pair LoRA optimisation on a development set
 * ({@link PerPairComparison}). Prints a Markdown report and writes it to {@code -o}.
 */
@Command(name = "per-pair", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Compare the hypernetwork with per-pair LoRA optimisation on a development set.",
                "Learns each quad's change with the hypernetwork and by optimising a fresh LoRA on the pair for "
                        + "each of --steps N (and, with --refine N, by refining the hypernetwork's change for N "
                        + "steps), applies each to B as the app does and reports PSNR/SSIM/CIEDE2000 per category "
                        + "and the time per pair.",
                "Takes a while and wants the machine to itself: see docs/benchmarks.md for the run times."},
        footer = {"", "Examples:",
                "  loc-studio bench per-pair --devset ../devset --steps 50,200,1000 --refine 50,200 \\",
                "      --quads 1 \\",
                "      -o per-pair.md",
                "", "Exit codes: 0 done, 1 a file could not be written or a method failed on a quad,",
                "2 usage or model error, 130 cancelled."})
final class BenchPerPairCommand implements Callable<Integer> {

    private final CliEnvironment environment;

    @Spec
    CommandSpec spec;

    @Mixin
    CommonOptions common;

    @Option(names = {"-o", "--output"}, paramLabel = "FILE", description = "Also write the report to this file.")
    Path output;

    @Option(names = "--devset", paramLabel = "DIR", description = "The development set "
            + "(manifest.csv + quads, as for eval).")
    Path devset;

    @Option(names = "--steps", paramLabel = "N", split = ",", defaultValue = "50,200,1000",
            description = "Optimisation steps, one method per value (default ${DEFAULT-VALUE}).")
    List<Integer> steps;

    @Option(names = "--refine", paramLabel = "N", split = ",",
            description = "Also refine the hypernetwork's change on the pair for N steps, one "
                    + "method per value (default: none).")
    List<Integer> refine = List.of();

    @Option(names = "--refine-lr", paramLabel = "RATE", defaultValue = "" + PerPairSettings.REFINE_LEARNING_RATE,
            description = "Adam's learning rate for --refine (default ${DEFAULT-VALUE}, the app's).")
    double refineLearningRate;

    @Option(names = "--quads", paramLabel = "K", description = "Only the first K quads of each "
            + "edit (default: all).")
    Integer quads;

    @Option(names = "--lr", paramLabel = "RATE", defaultValue = "" + PerPairSettings.DEFAULT_LEARNING_RATE,
            description = "Adam's learning rate (default ${DEFAULT-VALUE}).")
    double learningRate;

    @Option(names = "--samples-per-step", paramLabel = "N",
            defaultValue = "" + PerPairSettings.DEFAULT_SAMPLES_PER_STEP,
            description = "Noise draws per optimisation step (default ${DEFAULT-VALUE}).")
    int samplesPerStep;

    @Option(names = "--predictions", paramLabel = "DIR", description = "Also write every "
            + "prediction as <DIR>/<method>/<edit>/<k>/b_pred.png.")
    Path predictions;

    BenchPerPairCommand(CliEnvironment environment) {
        this.environment = environment;
    }

    @Override
    public Integer call() throws Exception {
        BenchCommand.refuseFolder(spec, output);
        OpenCv.ensureLoaded();
        BenchCommand.publish(spec, output, perPairReport());
        return ExitCodes.OK;
    }

    private String perPairReport() throws CliException, IOException {
        if (devset == null) {
            throw new ParameterException(spec.commandLine(), "bench per-pair needs --devset DIR (a development set "
                    + "as for eval: manifest.csv + <edit>/<k>/{a,a_edit,b,b_edit}.png)");
        }
        if (steps.isEmpty() || steps.stream().anyMatch(n -> n < 1)) {
            throw new ParameterException(spec.commandLine(), "--steps takes step counts of 1 or more, got " + steps);
        }
        if (refine.stream().anyMatch(n -> n < 1)) {
            throw new ParameterException(spec.commandLine(), "--refine takes step counts of 1 or more, got " + refine);
        }
        if (quads != null && quads < 1) {
            throw new ParameterException(spec.commandLine(), "--quads must be at least 1, got " + quads);
        }
        PerPairSettings template;
        PerPairSettings refineTemplate;
        try {
            template = new PerPairSettings(steps.getFirst(), learningRate, samplesPerStep,
                    PerPairSettings.DEFAULT_SEED);
            refineTemplate = new PerPairSettings(1, refineLearningRate, samplesPerStep, PerPairSettings.DEFAULT_SEED);
        } catch (IllegalArgumentException e) {
            throw new ParameterException(spec.commandLine(), "--lr, --refine-lr and --samples-per-step: "
                    + e.getMessage());
        }
        Devset set = openDevset();
        Path folder = modelFolder();
        int total = set.quads().size() * (2 + steps.size() + refine.size());
        int[] done = {0};
        PrintWriter err = err();
        PerPairComparison comparison = new PerPairComparison(steps, template, refine, refineTemplate,
                environment.cancel(),
                predictor -> (EditPredictor) new ProgressPredictor(predictor, environment.cancel(), () -> {
                    done[0]++;
                    err.println("[" + done[0] + "/" + total + "] " + predictor.name());
                    err.flush();
                }));
        PerPairReport report;
        try {
            report = comparison.run(folder, set, predictions);
        } catch (EngineException e) {
            throw new CliException(e.getMessage(), ExitCodes.USAGE, e);
        } catch (EvaluationException e) {
            if (e.getCause() instanceof CancelledException cancelled) {
                throw new CliException("Cancelled.", ExitCodes.CANCELLED, cancelled);
            }
            throw new CliException(e.getMessage(), ExitCodes.SOME_FAILED, e);
        }
        return report.toMarkdown(MachineDescription.current(), Instant.now());
    }

    private Devset openDevset() throws CliException {
        Devset set = EvalCommand.openDevset(devset);
        return quads == null ? set : set.firstOfEachEdit(quads);
    }

    private Path modelFolder() throws CliException {
        return BenchCommand.modelFolder(environment, common);
    }

    private PrintWriter err() {
        return spec.commandLine().getErr();
    }
}
