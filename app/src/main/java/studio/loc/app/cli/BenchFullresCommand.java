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
import studio.loc.app.bench.FullResBenchmark;
import studio.loc.app.bench.FullResReport;
import studio.loc.app.bench.FullResResults;
import studio.loc.app.bench.FullResSettings;
import studio.loc.app.bench.MachineDescription;
import studio.loc.app.bench.WorkFolder;
import studio.loc.diffusion.image.OpenCv;
import studio.loc.diffusion.model.ModelFormatException;
import studio.loc.hypernet.engine.EngineException;

/**
 * {@code bench fullres}: {@code apply} at full resolution stage by stage, against FFmpeg's {@code lut3d} and
 * ImageMagick's {@code -hald-clut} with the same look ({@link FullResBenchmark}).
 */
@Command(name = "fullres", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Time apply on full-size photos, stage by stage, against FFmpeg and ImageMagick.",
                "On 6, 24 and 45 MP photos (JPEG and 16-bit TIFF): read, preparation, the fitted part, the "
                        + "model's part, the transfer to full size and write, for a change its colour table carries"
                        + " wholly and one that needs the model; peak resident memory per photo; and in the same "
                        + "run FFmpeg lut3d and ImageMagick -hald-clut with the same table, as ratios (skipped "
                        + "with a message when a tool is not installed). Medians over --repeats runs.",
                "Takes a while and wants the machine to itself: see docs/benchmarks.md for the run times."},
        footer = {"", "Examples:",
                "  loc-studio bench fullres -o fullres.md",
                "  loc-studio bench fullres --sizes 24 --repeats 7 --no-model",
                "", "Exit codes: 0 done, 1 a file could not be written,",
                "2 usage or model error, 130 cancelled."})
final class BenchFullresCommand implements Callable<Integer> {

    private final CliEnvironment environment;

    @Spec
    CommandSpec spec;

    @Mixin
    CommonOptions common;

    @Option(names = {"-o", "--output"}, paramLabel = "FILE", description = "Also write the report to this file.")
    Path output;

    @Option(names = "--sizes", paramLabel = "MP", split = ",", defaultValue = "6,24,45",
            description = "Photo sizes in megapixels (default ${DEFAULT-VALUE}).")
    List<Double> sizes;

    @Option(names = "--repeats", paramLabel = "N", defaultValue = "" + FullResSettings.DEFAULT_REPEATS,
            description = "Timed runs of each measurement (default ${DEFAULT-VALUE}).")
    int repeats;

    @Option(names = "--warmup", paramLabel = "N", defaultValue = "" + FullResSettings.DEFAULT_WARMUP,
            description = "Untimed runs first (default ${DEFAULT-VALUE}).")
    int warmup;

    @Option(names = "--no-model", description = "Time only the colour-table change (skip the model's change).")
    boolean noModel;

    @Option(names = "--ffmpeg", paramLabel = "PROGRAM", defaultValue = "ffmpeg",
            description = "FFmpeg to compare with (default ${DEFAULT-VALUE} on the PATH; skipped if it does not run).")
    String ffmpeg;

    @Option(names = "--imagemagick", paramLabel = "PROGRAM",
            description = "ImageMagick to compare with (default: magick, else convert; skipped if neither is "
                    + "ImageMagick).")
    String imageMagick;

    @Option(names = "--work", paramLabel = "DIR",
            description = "Keep the generated photos, tables and outputs here (default: a temporary folder, "
                    + "deleted afterwards).")
    Path work;

    BenchFullresCommand(CliEnvironment environment) {
        this.environment = environment;
    }

    @Override
    public Integer call() throws Exception {
        BenchCommand.refuseFolder(spec, output);
        FullResSettings settings;
        try {
            settings = new FullResSettings(sizes, warmup, repeats, !noModel, ffmpeg, imageMagick);
        } catch (IllegalArgumentException e) {
            throw new ParameterException(spec.commandLine(), e.getMessage());
        }
        if (work != null && Files.exists(work) && !Files.isDirectory(work)) {
            throw new ParameterException(spec.commandLine(), "--work " + work + " is a file; give a folder");
        }
        OpenCv.ensureLoaded();
        Path folder = BenchCommand.modelFolder(environment, common);
        FullResResults results;
        try (WorkFolder workFolder = WorkFolder.create(work)) {
            results = new FullResBenchmark(settings, environment.cancel(), err()).run(folder, workFolder.path());
        } catch (EngineException e) {
            throw new CliException(e.getMessage(), ExitCodes.USAGE, e);
        } catch (ModelFormatException e) {
            throw new CliException("Cannot open the model in " + folder + ": " + e.getMessage(), ExitCodes.USAGE, e);
        } catch (IOException e) {
            throw new CliException("The full-resolution benchmark failed: " + e.getMessage(), ExitCodes.SOME_FAILED, e);
        }
        BenchCommand.publish(spec, output,
                FullResReport.toMarkdown(MachineDescription.current(), settings, results, Instant.now()));
        return ExitCodes.OK;
    }

    private PrintWriter err() {
        return spec.commandLine().getErr();
    }
}
