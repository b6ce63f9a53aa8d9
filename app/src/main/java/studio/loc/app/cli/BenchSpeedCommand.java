package studio.loc.app.cli;

import java.io.IOException;
import java.io.PrintWriter;
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
import studio.loc.app.batch.BatchSetupException;
import studio.loc.app.bench.BatchBenchmark;
import studio.loc.app.bench.BatchResults;
import studio.loc.app.bench.BenchSettings;
import studio.loc.app.bench.MachineDescription;
import studio.loc.app.bench.ModelSpeedBenchmark;
import studio.loc.app.bench.ModelSpeedResults;
import studio.loc.app.bench.SpeedReport;
import studio.loc.app.bench.WorkFolder;
import studio.loc.diffusion.image.OpenCv;
import studio.loc.diffusion.model.ModelFormatException;
import studio.loc.diffusion.progress.CancelledException;
import studio.loc.hypernet.engine.ChangeEngine;
import studio.loc.hypernet.engine.EngineException;

/**
 * {@code bench speed}: measures speed and memory on this machine ({@link ModelSpeedBenchmark},
 * {@link BatchBenchmark}). Prints a Markdown report and writes it to {@code -o}.
 */
@Command(name = "speed", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Measure speed and memory on this machine.",
                "Times learning a change (hypernetwork forward), one UNet step, the whole edit "
                        + "pipeline on 0.25, 1 and 4 MP photos, merged vs per-sample vs no LoRA, a batch over a "
                        + "generated folder (images/s, peak and long-run resident memory), and the UNet step's "
                        + "achieved FLOP/s against a large matrix product's. Medians over --repeats runs, with the "
                        + "machine described.",
                "Takes a while and wants the machine to itself: see docs/benchmarks.md for the run times."},
        footer = {"", "Examples:",
                "  loc-studio bench speed -o bench.md",
                "  loc-studio bench speed --repeats 5 --batch-images 50 --rss-images 200",
                "", "Exit codes: 0 done, 1 a file could not be written,",
                "2 usage or model error, 130 cancelled."})
final class BenchSpeedCommand implements Callable<Integer> {

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

    BenchSpeedCommand(CliEnvironment environment) {
        this.environment = environment;
    }

    @Override
    public Integer call() throws Exception {
        BenchCommand.refuseFolder(spec, output);
        OpenCv.ensureLoaded();
        BenchCommand.publish(spec, output, speedReport());
        return ExitCodes.OK;
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
        } catch (EngineException e) {
            throw new CliException(e.getMessage(), ExitCodes.USAGE, e);
        } catch (ModelFormatException | IOException e) {
            throw new CliException("Cannot open the model in " + folder + ": " + e.getMessage(), ExitCodes.USAGE, e);
        }
        BatchResults batch;
        try (ChangeEngine engine = EngineOpener.open(environment, common);
             WorkFolder workFolder = WorkFolder.create(work)) {
            batch = new BatchBenchmark(engine, environment.codec(), settings, environment.cancel(), err())
                    .run(workFolder.path());
        } catch (BatchSetupException | EngineException e) {
            throw new CliException("The batch benchmark cannot run: " + e.getMessage(), ExitCodes.USAGE, e);
        }
        return SpeedReport.toMarkdown(MachineDescription.current(), settings, model, batch, Instant.now());
    }

    private Path modelFolder() throws CliException {
        return BenchCommand.modelFolder(environment, common);
    }

    private PrintWriter err() {
        return spec.commandLine().getErr();
    }
}
