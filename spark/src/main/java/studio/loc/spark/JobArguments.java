package studio.loc.spark;

import java.io.PrintWriter;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;
import studio.loc.app.batch.PictureFilesCodec;
import studio.loc.hypernet.engine.ChangeEngine;

/** The job's command line, worded like {@code loc-studio apply}'s options. */
@Command(name = "ApplyChangeJob", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Apply a saved change to a folder of photos on Apache Spark, with the pixels of "
                + "loc-studio apply.",
                "spark-submit --class studio.loc.spark.ApplyChangeJob loc-studio-spark.jar --change CHANGE "
                        + "--input IN --output OUT"})
final class JobArguments implements Callable<JobOptions> {

    @Spec
    CommandSpec spec;

    @Option(names = {"-c", "--change"}, required = true, paramLabel = "CHANGE",
            description = "The change file (*.loc.safetensors): a path or any Hadoop file system URI.")
    String change;

    @Option(names = {"-i", "--input"}, required = true, paramLabel = "IN",
            description = "The folder of photos, walked recursively (s3a://..., hdfs://..., file:...).")
    String input;

    @Option(names = {"-o", "--output"}, required = true, paramLabel = "OUT",
            description = "The output folder, outside the input; the input layout is kept below it.")
    String output;

    @Option(names = "--strength", paramLabel = "S", defaultValue = "1",
            description = "How strongly to apply the change, -1 (undo) to 2 (exaggerate); default ${DEFAULT-VALUE}.")
    double strength;

    @Option(names = "--format", paramLabel = "FORMAT",
            description = "Write every output as png, jpeg, tiff or webp (default: keep each photo's format).")
    String format;

    @Option(names = "--jpeg-quality", paramLabel = "Q", defaultValue = "" + JobOptions.DEFAULT_JPEG_QUALITY,
            description = "JPEG quality 1-100 for JPEG outputs; default ${DEFAULT-VALUE}.")
    int jpegQuality;

    @Option(names = "--model", paramLabel = "DIR",
            description = "Base-model folder, present at this path on every node (e.g. shipped with --archives). "
                    + "Default: $LOC_STUDIO_MODEL, else the bundled samples/default-model.")
    String model;

    @Option(names = "--max-megapixels", paramLabel = "MP", defaultValue = "100",
            description = "Fail photos larger than this many megapixels; default ${DEFAULT-VALUE}.")
    double maxMegapixels;

    @Option(names = "--photos-per-task", paramLabel = "N", defaultValue = "" + JobOptions.DEFAULT_PHOTOS_PER_TASK,
            description = "At most this many small photos per Spark task; default ${DEFAULT-VALUE}.")
    int photosPerTask;

    @Override
    public JobOptions call() {
        if (!(strength >= ChangeEngine.MIN_STRENGTH && strength <= ChangeEngine.MAX_STRENGTH)) {
            throw usage("--strength must be between " + ChangeEngine.MIN_STRENGTH + " and "
                    + ChangeEngine.MAX_STRENGTH + ", got " + strength);
        }
        if (jpegQuality < 1 || jpegQuality > 100) {
            throw usage("--jpeg-quality must be 1 to 100, got " + jpegQuality);
        }
        if (!(maxMegapixels > 0) || Double.isInfinite(maxMegapixels)) {
            throw usage("--max-megapixels must be a positive number, got " + maxMegapixels);
        }
        if (photosPerTask < 1) {
            throw usage("--photos-per-task must be positive, got " + photosPerTask);
        }
        String normalised = normalisedFormat(format);
        if (normalised != null && new PictureFilesCodec().formatOf("photo." + normalised).isEmpty()) {
            throw usage("--format must be png, jpeg, tiff or webp, got " + format);
        }
        return new JobOptions(change, input, output, strength, normalised, jpegQuality, model,
                Math.max(1, Math.round(maxMegapixels * 1_000_000)), photosPerTask);
    }

    /** The output format in the codec's words, or null to keep each photo's format. */
    static String normalisedFormat(String format) {
        if (format == null) {
            return null;
        }
        String lower = format.trim().toLowerCase(Locale.ROOT);
        return switch (lower) {
            case "jpg" -> "jpeg";
            case "tif" -> "tiff";
            default -> lower;
        };
    }

    private ParameterException usage(String message) {
        return new ParameterException(spec.commandLine(), message);
    }

    /**
     * The outcome of parsing: the options to run, or none (help was printed, or a usage error with exit code 2).
     *
     * @param options what to run, or null
     * @param exitCode the exit code when there is nothing to run
     */
    record Parsed(JobOptions options, int exitCode) {
    }

    /** Parses {@code args}, printing help or a usage error (with the usage) when there is nothing to run. */
    static Parsed parse(String[] args, PrintWriter out, PrintWriter err) {
        CommandLine commandLine = new CommandLine(new JobArguments());
        commandLine.setOut(out);
        commandLine.setErr(err);
        int code = commandLine.execute(args);
        out.flush();
        err.flush();
        return new Parsed(code == 0 ? commandLine.getExecutionResult() : null, code);
    }
}
