package studio.loc.app.batch;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import studio.loc.diffusion.image.Picture;
import studio.loc.diffusion.io.Sha256;
import studio.loc.diffusion.pipeline.UnusableEditException;
import studio.loc.diffusion.progress.CancellationToken;
import studio.loc.diffusion.progress.CancelledException;
import studio.loc.hypernet.engine.ChangeEngine;
import studio.loc.hypernet.engine.EngineException;
import studio.loc.hypernet.engine.PreparedChange;

/**
 * Applies one change to many photos: the command line's {@code apply} and the GUI's folder batch. The change is
 * merged into the model once; each photo is read (the next one while the current one is edited:
 * {@link PhotoPrefetch}), edited, written atomically and closed, so memory stays flat over thousands of files.
 * Bad photos are listed and skipped, a full disk stops the run, and a re-run resumes from the journal in the output
 * folder.
 */
public final class BatchService {

    private final ChangeEngine engine;
    private final ImageCodec codec;

    public BatchService(ChangeEngine engine, ImageCodec codec) {
        this.engine = engine;
        this.codec = codec;
    }

    /**
     * Runs a batch to its end, to cancellation, or to a stop (full disk). Per-photo problems never throw; they are
     * in the report.
     *
     * @throws BatchSetupException if the batch cannot start (missing input, output read-only or inside the input)
     * @throws EngineException if the change cannot be prepared on this engine's model
     */
    public BatchReport run(BatchRequest request, BatchListener listener, CancellationToken cancel)
            throws BatchSetupException, EngineException {
        long started = System.nanoTime();
        BatchPlan plan = new BatchPlanner(codec).plan(request);
        prepareOutputFolder(plan.outputRoot(), request.singleFileOutput());
        Run run = new Run(request, plan, listener, cancel, started);
        if (request.singleFileOutput()) {
            try {
                AtomicOutput.deleteLeftoversOf(plan.images().getFirst().output());
            } catch (IOException e) {
                // leftovers are harmless hidden files; the output itself is still written atomically
            }
            return run.execute(null);
        }
        try (BatchJournal journal = BatchJournal.open(plan.outputRoot())) {
            AtomicOutput.deleteLeftovers(plan.outputRoot());
            return run.execute(journal);
        } catch (IOException e) {
            throw new BatchSetupException("Cannot use the output folder " + plan.outputRoot() + ": "
                    + BatchPlanner.describe(e), e);
        }
    }

    /** Creates the output folder and proves it is writable before any photo is edited. */
    private static void prepareOutputFolder(Path root, boolean single) throws BatchSetupException {
        try {
            Files.createDirectories(root);
        } catch (IOException e) {
            throw new BatchSetupException("Cannot create the output folder " + root + ": "
                    + BatchPlanner.describe(e), e);
        }
        boolean writable = Files.isWritable(root);
        if (writable) {
            try {
                Path probe = Files.createTempFile(root, ".loc-write-test", AtomicOutput.PARTIAL_MARKER + "tmp");
                Files.delete(probe);
            } catch (IOException e) {
                writable = false;
            }
        }
        if (!writable) {
            throw new BatchSetupException("The output folder " + root + " is read-only; choose a folder you can write"
                    + " to" + (single ? "." : " (nothing was written)."));
        }
    }

    /** Fingerprint of everything that decides an output's pixels; a change of any of them redoes the output. */
    String settingsKey(BatchRequest request, String format) {
        return settingsKey(engine.model().sha256(), request, format);
    }

    /** The settings key of a model (by its fingerprint); journals store it, so it must never change for old runs. */
    static String settingsKey(String modelSha256, BatchRequest request, String format) {
        String text = String.join("|", "model=" + modelSha256, "change=" + request.changeFingerprint(),
                "strength=" + request.strength(), "steps=" + request.settings().steps(),
                "seed=" + request.settings().seed(), "guidance=" + request.settings().guidance(), "format=" + format,
                "quality=" + (format.equals("jpeg") ? request.jpegQuality() : 0))
                + (request.stripMetadata() ? "|metadata=stripped" : ""); // absent in older keys: kept as they were
        // Half the digest (128 bits) is plenty to tell settings apart and keeps the journal lines short.
        return Sha256.ofText(text).substring(0, 32);
    }
   /** The state of one batch run. */
    private final class Run {
        private final BatchRequest request;
        private final BatchPlan plan;
        private final BatchListener listener;
        private final CancellationToken cancel;
        private final long started;
        private final List<FileResult> results = new ArrayList<>();
        private int done;
        private boolean toldEightBit;
        private int alreadyDone;
        private int failed;

        Run(BatchRequest request, BatchPlan plan, BatchListener listener, CancellationToken cancel, long started) {
            this.request = request;
            this.plan = plan;
            this.listener = listener;
            this.cancel = cancel;
            this.started = started;
        }

        private int total() {
            return plan.images().size() + plan.unreadable().size();
        }

        private BatchCounts counts() {
            return new BatchCounts(total(), done, alreadyDone, failed, Duration.ofNanos(System.nanoTime() - started));
        }

        BatchReport execute(BatchJournal journal) throws EngineException {
            listener.batchStarted(total(), plan.notImages().size());
            for (FileResult unreadable : plan.unreadable()) {
                fail(unreadable);
            }
            List<PlannedFile> pending = new ArrayList<>();
            for (PlannedFile file : plan.images()) {
                if (journal != null && request.resume() && isComplete(journal, file)) {
                    alreadyDone++;
                    FileResult result = new FileResult(file.input(), file.output(), FileStatus.ALREADY_DONE, "");
                    results.add(result);
                    listener.fileFinished(result, counts());
                } else {
                    pending.add(file);
                }
            }
            BatchReport.Ending ending = BatchReport.Ending.COMPLETED;
            String message = "";
            int next = 0;
            if (!pending.isEmpty() && !cancel.isCancelled()) {
                try (PreparedChange prepared = engine.prepare(request.change(), request.strength());
                     PhotoPrefetch prefetch = new PhotoPrefetch(codec, request.maxPixels())) {
                    for (; next < pending.size(); next++) {
                        if (cancel.isCancelled()) {
                            break;
                        }
                        PlannedFile file = pending.get(next);
                        listener.fileStarted(file.input(), finishedCount() + 1, total());
                        try (PhotoPrefetch.Loaded loaded = prefetch.take(file.input())) {
                            if (next + 1 < pending.size()) {
                                prefetch.readAhead(pending.get(next + 1).input()); // decoded while this is edited
                            }
                            editOne(prepared, file, journal, loaded);
                        } catch (InterruptedException e) {
                            Thread.currentThread().interrupt();
                            break;
                        } catch (CancelledException e) {
                            break;
                        } catch (DiskFullException e) {
                            ending = BatchReport.Ending.STOPPED;
                            message = e.getMessage();
                            next++;
                            break;
                        }
                    }
                }
            }
            if (ending == BatchReport.Ending.COMPLETED && next < pending.size()) {
                ending = BatchReport.Ending.CANCELLED;
                message = "Cancelled after " + finishedCount() + " of " + total() + " photos; run again to resume.";
            }
            for (int i = next; i < pending.size(); i++) {
                PlannedFile file = pending.get(i);
                results.add(new FileResult(file.input(), file.output(), FileStatus.NOT_STARTED, ""));
            }
            results.addAll(plan.notImages());
            results.sort(Comparator.comparing(result -> result.input().toString()));
            Path reportFile = null;
            if (journal != null) {
                try {
                    reportFile = BatchReportFile.write(plan.outputRoot(), results);
                } catch (IOException e) {
                    if (message.isEmpty()) {
                        message = "The report file could not be written: " + BatchPlanner.describe(e);
                    }
                }
            }
            BatchReport report = new BatchReport(ending, message, results, counts(), reportFile);
            listener.batchFinished(report);
            return report;
        }

        private int finishedCount() {
            return done + alreadyDone + failed;
        }

        private boolean isComplete(BatchJournal journal, PlannedFile file) {
            try {
                return journal.isComplete(file, InputStamp.of(file.input()), settingsKey(request, file.format()));
            } catch (IOException e) {
                return false; // the input will fail with a proper reason when it is read
            }
        }

        private void fail(FileResult result) {
            failed++;
            results.add(result);
            listener.fileFailed(result, counts());
        }

        private void fail(PlannedFile file, String reason) {
            fail(new FileResult(file.input(), file.output(), FileStatus.FAILED, reason));
        }

        /** Says once per batch that 16-bit photos lose their depth in the output format. */
        private void tellOnceIfEightBit(Picture input, String format) {
            if (input.bitDepth() == 16 && !toldEightBit && !codec.holds16Bit(format)) {
                toldEightBit = true;
                listener.notice("16-bit photos are written as 8-bit " + format.toUpperCase(java.util.Locale.ROOT)
                        + " (it holds 8 bits per channel); write PNG or TIFF (--format png or tiff) to keep 16 bits.");
            }
        }

        /**
         * Edits one photo, read already (perhaps ahead, while the previous one was edited); every problem of this
         * photo alone becomes a failure entry.
         */
        private void editOne(PreparedChange prepared, PlannedFile file, BatchJournal journal,
                             PhotoPrefetch.Loaded loaded) throws CancelledException, DiskFullException {
            if (loaded.stampFailure() != null) {
                fail(file, "cannot be read: " + BatchPlanner.describe(loaded.stampFailure()));
                return;
            }
            if (loaded.unreadable() != null) {
                fail(file, loaded.unreadable().getMessage());
                return;
            }
            if (loaded.failure() != null) {
                fail(file, "internal error: " + loaded.failure());
                return;
            }
            InputStamp stamp = loaded.stamp();
            long size;
            try {
                Picture input = loaded.picture();
                tellOnceIfEightBit(input, file.format());
                try (Picture edited = prepared.apply(input, request.settings(),
                        (d, t, m) -> listener.fileProgress(file.input(), d, t), cancel)) {
                    if (edited.width() != input.width() || edited.height() != input.height()) {
                        fail(file, "the engine returned " + edited.width() + "x" + edited.height() + " for a "
                                + input.width() + "x" + input.height() + " photo");
                        return;
                    }
                    size = AtomicOutput.write(file.output(), codec.extensionFor(file.format()),
                            temp -> codec.write(edited, temp, file.format(), request.jpegQuality(),
                                    request.outputMetadata()));
                }
            } catch (EngineException e) {
                fail(file, e.getMessage());
                return;
            } catch (IOException e) {
                if (DiskFull.isCause(e)) {
                    fail(file, "disk full (not written)");
                    throw diskFull();
                }
                fail(file, "cannot be written: " + BatchPlanner.describe(e));
                return;
            } catch (UnusableEditException e) {
                fail(file, e.getMessage()); // the edit came out black, flat or non-finite: a plain per-photo failure
                return;
            } catch (RuntimeException e) {
                // an engine or codec bug on one photo must not end a night-long batch
                fail(file, "internal error: " + e);
                return;
            }
            boolean journalDiskFull = false;
            if (journal != null) {
                try {
                    journal.record(file, stamp, settingsKey(request, file.format()), size);
                } catch (IOException e) {
                    // the output is complete; without its record it is merely redone by a resumed run
                    journalDiskFull = DiskFull.isCause(e);
                }
            }
            done++;
            FileResult result = new FileResult(file.input(), file.output(), FileStatus.DONE, "");
            results.add(result);
            listener.fileFinished(result, counts());
            if (journalDiskFull) {
                throw diskFull();
            }
        }

        private DiskFullException diskFull() {
            return new DiskFullException("The disk holding " + plan.outputRoot() + " is full; the batch stopped. "
                    + "Free some space and run the same command again to continue.");
        }
    }

    /** The disk is full: every further photo would fail too. */
    private static final class DiskFullException extends Exception {
        DiskFullException(String message) {
            super(message);
        }
    }
}
