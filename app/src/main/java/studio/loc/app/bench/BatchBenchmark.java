package studio.loc.app.bench;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.List;
import java.util.OptionalLong;
import studio.loc.app.batch.BatchCounts;
import studio.loc.app.batch.BatchListener;
import studio.loc.app.batch.BatchReport;
import studio.loc.app.batch.BatchRequest;
import studio.loc.app.batch.BatchService;
import studio.loc.app.batch.BatchSetupException;
import studio.loc.app.batch.FileResult;
import studio.loc.app.batch.ImageCodec;
import studio.loc.diffusion.image.Picture;
import studio.loc.diffusion.progress.CancellationToken;
import studio.loc.diffusion.progress.CancelledException;
import studio.loc.diffusion.progress.ProgressListener;
import studio.loc.hypernet.engine.ChangeEngine;
import studio.loc.hypernet.engine.EngineException;
import studio.loc.hypernet.engine.LearnedChange;

/**
 * The folder batch as a user runs it: the real {@link BatchService} on the app's engine over a generated folder
 * of JPEG photos, with throughput and resident memory. The same folder is run again (without resuming) until
 * enough photos have been edited to show whether memory stays flat over a long batch.
 */
public final class BatchBenchmark {

    private final ChangeEngine engine;
    private final ImageCodec codec;
    private final BenchSettings settings;
    private final CancellationToken cancel;
    private final PrintWriter log;

    public BatchBenchmark(ChangeEngine engine, ImageCodec codec, BenchSettings settings, CancellationToken cancel,
                          PrintWriter log) {
        this.engine = engine;
        this.codec = codec;
        this.settings = settings;
        this.cancel = cancel;
        this.log = log;
    }

    /**
     * @param work where the photos and the edited copies are written
     * @throws IOException when the photos cannot be written, or the batch failed on some of them
     */
    public BatchResults run(Path work) throws IOException, EngineException, BatchSetupException,
            CancelledException {
        int[] size = SyntheticPhotos.size(settings.photoMegapixels());
        log("[4/5] writing " + settings.batchImages() + " photos of " + size[0] + "x" + size[1] + " to " + work);
        Path photos = work.resolve("photos");
        SyntheticPhotos.writeFolder(photos, settings.batchImages(), size[0], size[1]);
        LearnedChange change;
        try (Picture before = SyntheticPhotos.photo(size[0], size[1], 1);
             Picture after = SyntheticPhotos.gradedWithTexture(before)) {
            change = engine.learn(before, after, "bench", ProgressListener.NONE, cancel);
        }
        BatchRequest request = BatchRequest.builder(change, "bench", engine.model().defaults())
                .inputs(List.of(photos)).outputFolder(work.resolve("edited")).resume(false).build();
        BatchService service = new BatchService(engine, codec);
        OptionalLong before = ProcessMemory.resident();
        boolean peakReset = ProcessMemory.resetPeak();
        int passes = settings.batchPasses();
        BatchCounts first = pass(service, request, 1, passes);
        OptionalLong afterFirst = ProcessMemory.resident();
        int edited = first.done();
        for (int pass = 2; pass <= passes; pass++) {
            edited += pass(service, request, pass, passes).done();
        }
        return new BatchResults(settings.batchImages(), size[0], size[1], first.elapsed(), first.imagesPerSecond(),
                before, ProcessMemory.peak(), peakReset, afterFirst, edited, passes, ProcessMemory.resident());
    }

    private BatchCounts pass(BatchService service, BatchRequest request, int pass, int passes)
            throws EngineException, BatchSetupException, CancelledException, IOException {
        log("[4/5] batch pass " + pass + "/" + passes + " over " + settings.batchImages() + " photos");
        BatchReport report = service.run(request, new Progress(pass, passes), cancel);
        if (report.ending() == BatchReport.Ending.CANCELLED) {
            throw new CancelledException();
        }
        List<FileResult> failures = report.failures();
        if (report.ending() != BatchReport.Ending.COMPLETED || !failures.isEmpty()) {
            String reason = failures.isEmpty() ? report.message()
                    : failures.size() + " photos failed, e.g. " + failures.getFirst().input() + ": "
                    + failures.getFirst().reason();
            throw new IOException("The benchmark's batch did not complete: " + reason);
        }
        return report.counts();
    }

    /** A log line every tenth of a pass: a long batch shows it is alive without flooding the log. */
    private final class Progress implements BatchListener {
        private final int pass;
        private final int passes;
        private final int every = Math.max(1, settings.batchImages() / 10);

        Progress(int pass, int passes) {
            this.pass = pass;
            this.passes = passes;
        }

        @Override
        public void fileFinished(FileResult result, BatchCounts counts) {
            if (counts.finished() % every == 0 && counts.finished() < counts.total()) {
                log(String.format(java.util.Locale.ROOT, "      pass %d/%d: %d/%d photos, %.2f img/s", pass, passes,
                        counts.finished(), counts.total(), counts.imagesPerSecond()));
            }
        }
    }

    private void log(String line) {
        log.println(line);
        log.flush();
    }
}
