package studio.loc.app.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
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
import studio.loc.app.bench.BatchBenchmark;
import studio.loc.app.bench.BatchResults;
import studio.loc.app.bench.BenchSettings;
import studio.loc.app.bench.MachineDescription;
import studio.loc.app.bench.ModelSpeedBenchmark;
import studio.loc.app.bench.ModelSpeedResults;
import studio.loc.app.bench.PerPairComparison;
import studio.loc.app.bench.PerPairReport;
import studio.loc.app.bench.SpeedReport;
import studio.loc.app.bench.WorkFolder;
import studio.loc.app.batch.BatchSetupException;
import studio.loc.app.engine.EditEngine;
import studio.loc.app.engine.EngineException;
import studio.loc.app.model.ModelNotFoundException;
import studio.loc.diffusion.image.OpenCv;
import studio.loc.diffusion.model.ModelFormatException;
import studio.loc.diffusion.progress.CancelledException;
import studio.loc.hypernet.eval.Devset;
import studio.loc.hypernet.eval.EditPredictor;
import studio.loc.hypernet.eval.EvaluationException;
import studio.loc.hypernet.perpair.PerPairSettings;

/**
 * {@code bench}: measures speed and memory on this machine ({@link ModelSpeedBenchmark}, {@link BatchBenchmark}),
 * or with {@code --per-pair} compares the hypernetwork with per-pair LoRA optimisation on a development set
 * ({@link PerPairComparison}). Prints a Markdown report and writes it to {@code -o}.
 */
@Command(name = "bench", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Measure speed and memory on this machine, or compare with per-pair optimisation.",
                "Without --per-pair: times learning a change (hypernetwork forward), one UNet step, the whole edit "
                        + "pipeline on 0.25, 1 and 4 MP photos, merged vs per-sample vs no LoRA, a batch over a "
                        + "generated folder (images/s, peak and long-run resident memory), and the UNet step's "
                        + "achieved FLOP/s against a large matrix product's. Medians over --repeats runs, with the "
                        + "machine described.",
                "With --per-pair: on a development set, learns each quad's change with the hypernetwork and by "
                        + "optimising a fresh LoRA on the pair for each of --steps N (and, with --refine N, by "
                        + "refining the hypernetwork's change for N steps), applies each to B and reports "
                        + "PSNR/SSIM/CIEDE2000 per category and the time per pair.",
                "Both take a while and want the machine to themselves: see docs/benchmarks.md for the run times."},
        footer = {"", "Examples:",
                "  loc-studio bench -o bench.md",
                "  loc-studio bench --repeats 5 --batch-images 50 --rss-images 200",
                "  loc-studio bench --per-pair --devset ../devset --steps 50,200,1000 --refine 50,200 \\",
                "      --quads 1 \\",
                "      -o per-pair.md",
                "", "Exit codes: 0 done, 1 a file could not be written or a method failed on a quad,",
                "2 usage or model error, 130 cancelled."})
final class BenchCommand implements Callable<Integer> {

    private static final List<String> SPEED_OPTIONS = List.of("--repeats", "--warmup", "--sizes",
            "--photo-megapixels", "--batch-images", "--rss-images", "--matmul", "--work");
    private static final List<String> PER_PAIR_OPTIONS = List.of("--devset", "--steps", "--refine", "--refine-lr", "--quads", "--lr",
            "--samples-per-step", "--predictions");

    private final CliEnvironment environment;

    @Spec
    CommandSpec spec;

    @Mixin
    CommonOptions common;

    @Option(names = {"-o", "--output"}, paramLabel = "FILE", description = "Also write the report to this file.")
    Path output;

    @Option(names = "--repeats", paramLabel = "N", defaultValue = "" + BenchSettings.DEFAULT_REPEATS,
            description = "Timed runs of each measurement (default ${DEFAULT-VALUE}).")
    int repeats;

    @Option(names = "--warmup", paramLabel = "N", defaultValue = "" + BenchSettings.DEFAULT_WARMUP,
            description = "Untimed runs first (default ${DEFAULT-VALUE}).")
    int warmup;

    @Option(names = "--sizes", paramLabel = "MP", split = ",", defaultValue = "0.25,1,4",
            description = "Photo sizes in megapixels for the pipeline (default ${DEFAULT-VALUE}).")
    List<Double> sizes;

    @Option(names = "--photo-megapixels", paramLabel = "MP", defaultValue = "" + BenchSettings.DEFAULT_PHOTO_MEGAPIXELS,
            description = "Size of the example pair and of the batch photos (default ${DEFAULT-VALUE}).")
    double photoMegapixels;

    @Option(names = "--batch-images", paramLabel = "N", defaultValue = "" + BenchSettings.DEFAULT_BATCH_IMAGES,
            description = "Photos in the generated batch folder (default ${DEFAULT-VALUE}).")
    int batchImages;

    @Option(names = "--rss-images", paramLabel = "N", defaultValue = "" + BenchSettings.DEFAULT_RSS_IMAGES,
            description = "Photos to edit in all (the folder is run again) before reading resident memory "
                    + "(default ${DEFAULT-VALUE}).")
    int rssImages;

    @Option(names = "--matmul", paramLabel = "N", defaultValue = "" + BenchSettings.DEFAULT_MATMUL_SIZE,
            description = "Side of the square fp32 matrices of the peak FLOP/s measurement (default ${DEFAULT-VALUE}).")
    int matmul;

    @Option(names = "--work", paramLabel = "DIR",
            description = "Keep the generated batch photos and their edits here (default: a temporary folder, "
                    + "deleted afterwards).")
    Path work;

    @Option(names = "--per-pair", description = "Compare the hypernetwork with per-pair LoRA optimisation instead.")
    boolean perPair;

    @Option(names = "--devset", paramLabel = "DIR", description = "With --per-pair: the development set "
            + "(manifest.csv + quads, as for eval).")
    Path devset;

    @Option(names = "--steps", paramLabel = "N", split = ",", defaultValue = "50,200,1000",
            description = "With --per-pair: optimisation steps, one method per value (default ${DEFAULT-VALUE}).")
    List<Integer> steps;

    @Option(names = "--refine", paramLabel = "N", split = ",",
            description = "With --per-pair: also refine the hypernetwork's change on the pair for N steps, one "
                    + "method per value (default: none).")
    List<Integer> refine = List.of();

    @Option(names = "--refine-lr", paramLabel = "RATE", defaultValue = "" + PerPairSettings.REFINE_LEARNING_RATE,
            description = "With --per-pair: Adam's learning rate for --refine (default ${DEFAULT-VALUE}, the app's).")
    double refineLearningRate;

    @Option(names = "--quads", paramLabel = "K", description = "With --per-pair: only the first K quads of each "
            + "edit (default: all).")
    Integer quads;

    @Option(names = "--lr", paramLabel = "RATE", defaultValue = "" + PerPairSettings.DEFAULT_LEARNING_RATE,
            description = "With --per-pair: Adam's learning rate (default ${DEFAULT-VALUE}).")
    double learningRate;

    @Option(names = "--samples-per-step", paramLabel = "N",
            defaultValue = "" + PerPairSettings.DEFAULT_SAMPLES_PER_STEP,
            description = "With --per-pair: noise draws per optimisation step (default ${DEFAULT-VALUE}).")
    int samplesPerStep;

    @Option(names = "--predictions", paramLabel = "DIR", description = "With --per-pair: also write every "
            + "prediction as <DIR>/<method>/<edit>/<k>/b_pred.png.")
    Path predictions;

    BenchCommand(CliEnvironment environment) {
        this.environment = environment;
    }

    @Override
    public Integer call() throws Exception {
        refuseOptionsOfTheOtherMode();
        if (output != null && Files.isDirectory(output)) {
            throw new ParameterException(spec.commandLine(), "-o " + output + " is a folder; give a file for the "
                    + "report, e.g. -o " + output.resolve("bench.md"));
        }
        OpenCv.ensureLoaded();
        String report = perPair ? perPairReport() : speedReport();
        PrintWriter out = spec.commandLine().getOut();
        out.print(report);
        out.flush();
        if (output != null) {
            Path parent = output.toAbsolutePath().getParent();
            Files.createDirectories(parent);
            Files.writeString(output, report, StandardCharsets.UTF_8);
            err().println("Report written to " + output);
            err().flush();
        }
        return ExitCodes.OK;
    }

    private void refuseOptionsOfTheOtherMode() {
        var parsed = spec.commandLine().getParseResult();
        for (String option : perPair ? SPEED_OPTIONS : PER_PAIR_OPTIONS) {
            if (parsed.hasMatchedOption(option)) {
                throw new ParameterException(spec.commandLine(), option + (perPair
                        ? " belongs to the speed benchmark; leave it out with --per-pair"
                        : " belongs to the per-pair comparison; add --per-pair (and --devset DIR)"));
            }
        }
    }

    private String speedReport() throws CliException, IOException, CancelledException {
        BenchSettings settings;
        try {
            settings = new BenchSettings(warmup, repeats, sizes, photoMegapixels, batchImages, rssImages, matmul);
        } catch (IllegalArgumentException e) {
            throw new ParameterException(spec.commandLine(), e.getMessage());
        }
        if (work != null && Files.exists(work) && !Files.isDirectory(work)) {
            throw new ParameterException(spec.commandLine(), "--work " + work + " is a file; give a folder");
        }
        Path folder = modelFolder();
        ModelSpeedResults model;
        try {
            model = new ModelSpeedBenchmark(settings, environment.cancel(), err()).run(folder);
        } catch (ModelFormatException | IOException e) {
            throw new CliException("Cannot open the model in " + folder + ": " + e.getMessage(), ExitCodes.USAGE, e);
        }
        BatchResults batch;
        try (EditEngine engine = EngineOpener.open(environment, common);
             WorkFolder workFolder = WorkFolder.create(work)) {
            batch = new BatchBenchmark(engine, environment.codec(), settings, environment.cancel(), err())
                    .run(workFolder.path());
        } catch (BatchSetupException | EngineException e) {
            throw new CliException("The batch benchmark cannot run: " + e.getMessage(), ExitCodes.USAGE, e);
        }
        return SpeedReport.toMarkdown(MachineDescription.current(), settings, model, batch, Instant.now());
    }

    private String perPairReport() throws CliException, IOException {
        if (devset == null) {
            throw new ParameterException(spec.commandLine(), "--per-pair needs --devset DIR (a development set "
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
        } catch (ModelFormatException e) {
            throw new CliException("Cannot open the model in " + folder + ": " + e.getMessage(), ExitCodes.USAGE, e);
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
        try {
            return environment.models().locate(common.model);
        } catch (ModelNotFoundException e) {
            throw new CliException(e.getMessage(), ExitCodes.USAGE, e);
        }
    }

    private PrintWriter err() {
        return spec.commandLine().getErr();
    }
}
