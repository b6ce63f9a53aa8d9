package studio.loc.app.cli;

import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import studio.loc.app.batch.BatchReport;
import studio.loc.app.batch.BatchRequest;
import studio.loc.app.batch.BatchService;
import studio.loc.app.batch.BatchSetupException;
import studio.loc.app.batch.FileResult;
import studio.loc.diffusion.sample.SamplingOptions;
import studio.loc.hypernet.engine.ChangeEngine;
import studio.loc.hypernet.engine.EngineException;
import studio.loc.hypernet.engine.LearnedChange;

/** Runs a batch for {@code apply} and {@code edit} and prints its outcome; returns the exit code. */
final class BatchRun {

    private BatchRun() {
    }

    static int run(CliEnvironment environment, ChangeEngine engine, LearnedChange change, String fingerprint,
                   List<Path> inputs, OutputOptions options, SamplingOptions settings, PrintWriter out,
                   PrintWriter err) throws CliException {
        BatchRequest.Builder builder = BatchRequest.builder(change, fingerprint, settings)
                .inputs(inputs)
                .strength(options.strength)
                .format(options.normalisedFormat())
                .jpegQuality(options.jpegQuality)
                .resume(options.resume)
                .allowInsideInput(options.allowInsideInput)
                .overwrite(options.overwrite)
                .stripMetadata(options.stripMetadata)
                .maxPixels(options.maxPixels());
        if (isSingleFile(environment, inputs, options.output)) {
            builder.outputFile(options.output);
        } else if (allFilesOrFolders(inputs) && !Files.isDirectory(options.output)
                && environment.codec().formatOf(options.output.getFileName().toString()).isPresent()) {
            throw new CliException("-o " + options.output + " names a photo file, but the input is "
                    + (inputs.size() == 1 ? "a folder" : inputs.size() + " photos or folders")
                    + "; give an output folder instead.", ExitCodes.USAGE);
        } else {
            builder.outputFolder(options.output);
        }
        BatchReport report;
        try {
            report = new BatchService(engine, environment.codec()).run(builder.build(),
                    new ConsoleProgress(err, environment.interactive(), options.quiet), environment.cancel());
        } catch (BatchSetupException e) {
            throw new CliException(e.getMessage(), ExitCodes.USAGE, e);
        } catch (EngineException e) {
            throw new CliException("The change cannot be applied with this model: " + e.getMessage(),
                    ExitCodes.USAGE, e);
        }
        printSummary(report, out, err);
        return switch (report.ending()) {
            case CANCELLED -> ExitCodes.CANCELLED;
            case STOPPED -> ExitCodes.SOME_FAILED;
            case COMPLETED -> report.counts().failed() == 0 ? ExitCodes.OK : ExitCodes.SOME_FAILED;
        };
    }

    /** True when every input exists as a file or folder; otherwise the batch names the missing or odd one. */
    private static boolean allFilesOrFolders(List<Path> inputs) {
        return inputs.stream().allMatch(input -> Files.isRegularFile(input) || Files.isDirectory(input));
    }

    /** One photo and an output that names an image file (not an existing folder): write that file. */
    private static boolean isSingleFile(CliEnvironment environment, List<Path> inputs, Path output) {
        return inputs.size() == 1 && Files.isRegularFile(inputs.getFirst()) && !Files.isDirectory(output)
                && environment.codec().formatOf(output.getFileName().toString()).isPresent();
    }

    private static void printSummary(BatchReport report, PrintWriter out, PrintWriter err) {
        List<FileResult> failures = report.failures();
        if (!failures.isEmpty()) {
            err.println(ConsoleProgress.plural(failures.size(), "photo") + " could not be edited:");
            for (FileResult failure : failures) {
                err.println("  " + failure.input() + ": " + failure.reason());
            }
        }
        if (report.counts().total() == 0) {
            err.println("No photos found in the input (looked for .png, .jpg, .tif, .webp and .bmp files).");
        }
        if (!report.message().isEmpty()) {
            err.println(report.message());
        }
        err.flush();
        var counts = report.counts();
        StringBuilder summary = new StringBuilder()
                .append(counts.done()).append(" edited");
        if (counts.alreadyDone() > 0) {
            summary.append(", ").append(counts.alreadyDone()).append(" already done");
        }
        summary.append(", ").append(counts.failed()).append(" failed");
        if (report.skippedNotImages() > 0) {
            summary.append(", ").append(ConsoleProgress.plural(report.skippedNotImages(), "other file"))
                    .append(" skipped");
        }
        summary.append(" in ").append(ConsoleProgress.format(counts.elapsed())).append('.');
        if (report.reportFile() != null) {
            summary.append(" Report: ").append(report.reportFile());
        }
        out.println(summary);
        out.flush();
    }
}
