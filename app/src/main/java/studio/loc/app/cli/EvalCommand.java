package studio.loc.app.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import studio.loc.diffusion.image.OpenCv;
import studio.loc.diffusion.progress.CancelledException;
import studio.loc.hypernet.eval.Devset;
import studio.loc.hypernet.eval.EditPredictor;
import studio.loc.hypernet.eval.EvaluationException;
import studio.loc.hypernet.eval.EvaluationReport;
import studio.loc.hypernet.eval.Evaluator;
import studio.loc.hypernet.eval.IdentityPredictor;
import studio.loc.hypernet.eval.LutBaselinePredictor;

/**
 * {@code eval}: scores the model's edits on a development set of tool-made quads (A, A', B, B') against the
 * do-nothing and 3D-LUT baselines.
 */
@Command(name = "eval", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Score the model's edits on a development set, against simple baselines.",
                "Measures how well the model carries an edit from an example pair to another photo, on a "
                + "development set of quads made with real tools: for each quad, learn the change from A -> A', "
                + "apply it to B and compare with the tool's B' (PSNR, SSIM, CIEDE2000 colour difference).",
                "The identity (do nothing) and a 3D colour LUT fitted on A -> A' are scored alongside as baselines.",
                "The model runs exactly as learn and apply run it (the same engine, at the development set's own "
                        + "resolution).",
                "Prints a table per edit category and per edit, and lists every edit on which the model's mean "
                        + "PSNR is below the better baseline; writes report.md, report.csv (per category), "
                        + "edits.md, edits.csv (per edit) and every prediction "
                        + "(predictions/<method>/<edit>/<k>/b_pred.png) to --out."},
        footer = {"", "Examples:",
                "  loc-studio eval --devset ../devset -o eval-report/",
                "  loc-studio eval --devset ../devset --model runs/r1/model --steps 10 -o eval-r1/",
                "  loc-studio eval --devset ../devset --baselines-only",
                "  loc-studio eval --devset ../devset --model-alone -o eval-parts/",
                "", "The devset folder holds manifest.csv (columns edit, category, k, ...) and",
                "<edit>/<k>/{a,a_edit,b,b_edit}.png.",
                "", "Exit codes: 0 done, 1 a photo could not be read or a prediction failed,",
                "2 usage or model error, 130 cancelled."})
final class EvalCommand implements Callable<Integer> {

    static final String REPORT_MARKDOWN = "report.md";
    static final String REPORT_CSV = "report.csv";
    static final String EDITS_MARKDOWN = "edits.md";
    static final String EDITS_CSV = "edits.csv";
    static final String PREDICTIONS = "predictions";

    private final CliEnvironment environment;

    @Spec
    CommandSpec spec;

    @Mixin
    CommonOptions common;

    @Option(names = "--devset", required = true, paramLabel = "DIR",
            description = "The development set (manifest.csv + quads).")
    Path devset;

    @Option(names = {"-o", "--out"}, paramLabel = "DIR", defaultValue = "eval-report",
            description = "Where to write the report and predictions (default: ${DEFAULT-VALUE}).")
    Path out;

    @Option(names = "--strength", paramLabel = "S", defaultValue = "1", converter = StrengthConverter.class,
            description = "Strength of the learned change (default: ${DEFAULT-VALUE}).")
    double strength;

    @Option(names = "--baselines-only", description = "Score only the identity and LUT baselines (no model needed).")
    boolean baselinesOnly;

    @Option(names = "--model-alone", description = {"Also score the diffusion model alone: each change without the "
            + "filter and colour table fitted on its pair, to see what each part contributes."})
    boolean modelAlone;

    @Mixin
    SamplerOptions sampler;

    EvalCommand(CliEnvironment environment) {
        this.environment = environment;
    }

    @Override
    public Integer call() throws Exception {
        OpenCv.ensureLoaded();
        Devset set = openDevset(devset);
        if (Files.exists(out) && !Files.isDirectory(out)) {
            throw new CliException("-o " + out + " is a file; give a folder for the report.", ExitCodes.USAGE);
        }
        PrintWriter err = spec.commandLine().getErr();
        List<EditPredictor> baselines = List.of(new IdentityPredictor(), new LutBaselinePredictor());
        List<EditPredictor> predictors = new ArrayList<>(baselines);
        String modelLine = "none (baselines only)";
        try (ModelPredictor model = baselinesOnly ? null : ModelPredictor.open(environment, common, sampler,
                strength)) {
            if (model != null) {
                predictors.add(model.predictor());
                if (modelAlone) {
                    predictors.add(model.modelAlone());
                }
                modelLine = model.describe();
                err.println("Model: " + modelLine);
            }
            EvaluationReport report = evaluate(set, predictors, err);
            List<String> baselineNames = baselines.stream().map(EditPredictor::name).toList();
            String belowBaseline = belowBaseline(report, predictors.subList(baselines.size(), predictors.size()),
                    baselineNames);
            writeReport(report, set, modelLine, belowBaseline);
            PrintWriter stdout = spec.commandLine().getOut();
            stdout.print(report.toMarkdownTable());
            stdout.println();
            stdout.print(report.toEditMarkdownTable());
            if (!belowBaseline.isEmpty()) {
                stdout.println();
                stdout.print(belowBaseline);
            }
            stdout.println();
            stdout.println("Report: " + out.resolve(REPORT_MARKDOWN) + ", " + out.resolve(REPORT_CSV) + ", "
                    + out.resolve(EDITS_MARKDOWN) + ", " + out.resolve(EDITS_CSV) + "; predictions in "
                    + out.resolve(PREDICTIONS));
            stdout.flush();
            return ExitCodes.OK;
        }
    }

    /** The development set at {@code folder}; a missing, malformed or empty set is a usage error. */
    static Devset openDevset(Path folder) throws CliException {
        Devset set;
        try {
            set = Devset.open(folder);
        } catch (IOException e) {
            throw new CliException(e.getMessage(), ExitCodes.USAGE, e);
        }
        if (set.quads().isEmpty()) {
            throw new CliException("The development set " + folder + " lists no quads in manifest.csv.",
                    ExitCodes.USAGE);
        }
        return set;
    }

    private EvaluationReport evaluate(Devset set, List<EditPredictor> predictors, PrintWriter err)
            throws CliException {
        int total = set.quads().size() * predictors.size();
        int[] done = {0};
        List<EditPredictor> watched = predictors.stream()
                .map(p -> (EditPredictor) new ProgressPredictor(p, environment.cancel(), () -> {
                    done[0]++;
                    err.println("[" + done[0] + "/" + total + "] " + p.name());
                    err.flush();
                })).toList();
        try {
            return new Evaluator().run(set, watched, out.resolve(PREDICTIONS));
        } catch (EvaluationException e) {
            if (e.getCause() instanceof CancelledException cancelled) {
                throw new CliException("Cancelled; the predictions made so far are in " + out.resolve(PREDICTIONS)
                        + ".", ExitCodes.CANCELLED, cancelled);
            }
            throw new CliException(e.getMessage(), ExitCodes.SOME_FAILED, e);
        } catch (IOException e) {
            throw new CliException("The evaluation could not read or write a file: " + e.getMessage(),
                    ExitCodes.SOME_FAILED, e);
        }
    }

    /** For each method, the edits where it falls below the better baseline ("" with no method). */
    private static String belowBaseline(EvaluationReport report, List<EditPredictor> methods,
                                        List<String> baselines) {
        StringBuilder text = new StringBuilder();
        for (EditPredictor method : methods) {
            if (!text.isEmpty()) {
                text.append('\n');
            }
            text.append(report.belowBaselineMarkdown(method.name(), baselines));
        }
        return text.toString();
    }

    private void writeReport(EvaluationReport report, Devset set, String modelLine, String belowBaseline)
            throws IOException {
        Files.createDirectories(out);
        String header = "# LoC Studio evaluation\n\n"
                + "- Development set: " + set.folder().toAbsolutePath() + " (" + set.quads().size() + " quads)\n"
                + "- Model: " + modelLine + "\n"
                + "- Date: " + Instant.now() + "\n\n";
        String legend = "PSNR (dB, higher is better) / SSIM (higher is better) / CIEDE2000 (lower is better).";
        String below = belowBaseline.isEmpty() ? "" : "\n## Edits below the better baseline\n\n" + belowBaseline;
        String markdown = header + "Per category: " + legend + "\n\n" + report.toMarkdownTable()
                + "\nPer edit: " + EDITS_MARKDOWN + "." + "\n" + below;
        String edits = header + "Per edit: " + legend + "\n\n" + report.toEditMarkdownTable() + below;
        write(out.resolve(REPORT_MARKDOWN), markdown);
        write(out.resolve(REPORT_CSV), report.toCsv());
        write(out.resolve(EDITS_MARKDOWN), edits);
        write(out.resolve(EDITS_CSV), report.toEditCsv());
    }

    private static void write(Path file, String text) throws IOException {
        Files.writeString(file, text, StandardCharsets.UTF_8);
    }
}
