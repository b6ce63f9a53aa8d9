package studio.loc.app.batch;

import java.nio.file.Path;
import java.util.List;

/**
 * The outcome of a batch.
 *
 * @param ending how the run ended
 * @param message why it stopped early, or empty
 * @param results every input file (photos and skipped non-images), sorted by input path
 * @param counts final counts
 * @param reportFile the CSV report written in the output folder, or null (single-file runs, or writing failed)
 */
public record BatchReport(Ending ending, String message, List<FileResult> results, BatchCounts counts,
                          Path reportFile) {

    /** How a batch ended. */
    public enum Ending {
        /** Every photo was dealt with (some may have failed). */
        COMPLETED,
        /** The user cancelled; finished outputs are kept, the rest is left for a resumed run. */
        CANCELLED,
        /** A condition that would fail every further photo (e.g. a full disk) stopped the run; resumable. */
        STOPPED
    }

    public BatchReport {
        results = List.copyOf(results);
    }

    public List<FileResult> failures() {
        return results.stream().filter(r -> r.status() == FileStatus.FAILED).toList();
    }

    public long skippedNotImages() {
        return results.stream().filter(r -> r.status() == FileStatus.SKIPPED_NOT_IMAGE).count();
    }

    /** True when every photo has an output (written now or earlier). */
    public boolean allDone() {
        return ending == Ending.COMPLETED && counts.failed() == 0;
    }
}
