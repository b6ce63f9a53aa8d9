package studio.loc.app;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import studio.loc.app.batch.BatchCounts;
import studio.loc.app.batch.BatchListener;
import studio.loc.app.batch.BatchReport;
import studio.loc.app.batch.BatchRequest;
import studio.loc.app.batch.BatchService;
import studio.loc.app.batch.FileResult;
import studio.loc.app.batch.FileStatus;
import studio.loc.app.batch.PictureFilesCodec;
import studio.loc.diffusion.image.ImageLimits;
import studio.loc.diffusion.image.Picture;
import studio.loc.diffusion.image.PictureReader;
import studio.loc.diffusion.progress.CancellationToken;
import studio.loc.hypernet.engine.ChangeEngine;

/** What the GUI sees of a batch: the listener's events and counts, called directly on {@link BatchService}. */
class BatchServiceListenerTest {

    @TempDir
    Path tmp;

    @Test
    void listenerSeesEveryFileWithRunningCounts() throws Exception {
        GainEngine.Probe probe = new GainEngine.Probe();
        Path in = tmp.resolve("in");
        CliHarness.photo(in.resolve("a.png"), 16, 16);
        CliHarness.photo(in.resolve("b.jpg"), 16, 16);
        Files.writeString(in.resolve("c.jpg"), "broken");
        Files.writeString(in.resolve("d.txt"), "text");
        List<String> events = new ArrayList<>();
        BatchListener listener = new BatchListener() {
            @Override
            public void batchStarted(int images, int skippedNotImages) {
                events.add("started " + images + " " + skippedNotImages);
            }

            @Override
            public void fileStarted(Path input, int number, int total) {
                events.add("file " + number + "/" + total + " " + input.getFileName());
            }

            @Override
            public void fileFinished(FileResult result, BatchCounts counts) {
                events.add("finished " + result.input().getFileName() + " " + counts.finished());
            }

            @Override
            public void fileFailed(FileResult result, BatchCounts counts) {
                events.add("failed " + result.input().getFileName() + " " + counts.finished());
            }

            @Override
            public void batchFinished(BatchReport report) {
                events.add("end " + report.ending());
            }
        };

        BatchReport report;
        try (ChangeEngine engine = GainEngine.factory(probe).open(GainEngine.modelFolder(tmp, "m"))) {
            Path before = CliHarness.photo(tmp.resolve("before.png"), 8, 8);
            Path after = CliHarness.warmer(before, tmp.resolve("after.png"));
            studio.loc.hypernet.engine.LearnedChange change;
            try (Picture a = PictureReader.read(before, ImageLimits.DEFAULT);
                 Picture b = PictureReader.read(after, ImageLimits.DEFAULT)) {
                change = engine.learn(a, b, "warm", (d, t, m) -> { }, CancellationToken.NEVER);
            }
            BatchRequest request = BatchRequest.builder(change, "fp", engine.model().defaults())
                    .inputs(List.of(in)).outputFolder(tmp.resolve("out")).build();
            report = new BatchService(engine, new PictureFilesCodec()).run(request, listener, new CancellationToken());
        }

        assertEquals(List.of("started 3 1", "file 1/3 a.png", "finished a.png 1", "file 2/3 b.jpg",
                "finished b.jpg 2", "file 3/3 c.jpg", "failed c.jpg 3", "end COMPLETED"), events);
        assertEquals(List.of(FileStatus.DONE, FileStatus.DONE, FileStatus.FAILED, FileStatus.SKIPPED_NOT_IMAGE),
                report.results().stream().map(FileResult::status).toList());
        assertEquals(1, probe.prepared.get());
        assertTrue(report.reportFile() != null && Files.exists(report.reportFile()));
        try (Picture out = PictureReader.read(tmp.resolve("out/b.jpg"), ImageLimits.DEFAULT)) {
            assertEquals(16, out.width());
        }
    }

    @Test
    void theNextPhotoIsReadWhileTheCurrentOneIsEdited() throws Exception {
        GainEngine.Probe probe = new GainEngine.Probe();
        Path in = tmp.resolve("in");
        CliHarness.photo(in.resolve("a.png"), 16, 16);
        CliHarness.photo(in.resolve("b.png"), 16, 16);
        CliHarness.photo(in.resolve("c.png"), 16, 16);
        java.util.concurrent.CountDownLatch bRead = new java.util.concurrent.CountDownLatch(1);
        List<String> readThreads = java.util.Collections.synchronizedList(new ArrayList<>());
        PictureFilesCodec files = new PictureFilesCodec();
        studio.loc.app.batch.ImageCodec recording = new studio.loc.app.batch.ImageCodec() {
            @Override
            public java.util.Optional<String> formatOf(String fileName) {
                return files.formatOf(fileName);
            }

            @Override
            public String extensionFor(String format) {
                return files.extensionFor(format);
            }

            @Override
            public java.util.OptionalLong pixels(Path file) {
                return files.pixels(file);
            }

            @Override
            public Picture read(Path file, long maxPixels) throws studio.loc.app.batch.UnreadableImageException {
                Picture picture = files.read(file, maxPixels);
                readThreads.add(file.getFileName() + " " + Thread.currentThread().getName());
                if (file.getFileName().toString().equals("b.png")) {
                    bRead.countDown();
                }
                return picture;
            }

            @Override
            public void write(Picture picture, Path file, String format, int quality) throws java.io.IOException {
                files.write(picture, file, format, quality);
            }
        };
        List<Boolean> bReadDuringA = new ArrayList<>();
        probe.afterApply = n -> {
            if (n == 1) {
                try { // without reading ahead, b is read only after a's edit returns, and this waits in vain
                    bReadDuringA.add(bRead.await(20, java.util.concurrent.TimeUnit.SECONDS));
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }
        };

        BatchReport report;
        try (ChangeEngine engine = GainEngine.factory(probe).open(GainEngine.modelFolder(tmp, "m"))) {
            Path before = CliHarness.photo(tmp.resolve("before.png"), 8, 8);
            Path after = CliHarness.warmer(before, tmp.resolve("after.png"));
            studio.loc.hypernet.engine.LearnedChange change;
            try (Picture a = PictureReader.read(before, ImageLimits.DEFAULT);
                 Picture b = PictureReader.read(after, ImageLimits.DEFAULT)) {
                change = engine.learn(a, b, "warm", (d, t, m) -> { }, CancellationToken.NEVER);
            }
            BatchRequest request = BatchRequest.builder(change, "fp", engine.model().defaults())
                    .inputs(List.of(in)).outputFolder(tmp.resolve("out")).build();
            report = new BatchService(engine, recording).run(request, BatchListener.NONE, new CancellationToken());
        }

        assertEquals(List.of(true), bReadDuringA, "b was decoded while a was being edited");
        assertEquals(3, report.counts().done(), report.results().toString());
        assertEquals(3, readThreads.size(), "each photo read once: " + readThreads);
        assertTrue(readThreads.stream().filter(r -> !r.startsWith("a.png")).allMatch(r -> r.contains("read-ahead")),
                "b and c were read ahead: " + readThreads);
    }
}
