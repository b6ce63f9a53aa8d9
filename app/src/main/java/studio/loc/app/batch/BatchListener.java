package studio.loc.app.batch;

import java.nio.file.Path;

/**
 * Follows a batch as it runs. Called on the batch's worker thread; a GUI listener posts to its own thread.
 * Every method has an empty default so a listener picks what it shows.
 */
public interface BatchListener {

    /** A listener that ignores everything. */
    BatchListener NONE = new BatchListener() { };

    /** The plan is made: {@code images} photos to go through, {@code skippedNotImages} other files left alone. */
    default void batchStarted(int images, int skippedNotImages) {
    }

    /** Photo number {@code number} (1-based) of {@code total} is being edited. */
    default void fileStarted(Path input, int number, int total) {
    }

    /** Progress inside the current photo (sampler steps). */
    default void fileProgress(Path input, long done, long total) {
    }

    /** A photo was written, or found already written by an earlier run. */
    default void fileFinished(FileResult result, BatchCounts counts) {
    }

    /** A photo could not be edited; the batch goes on. */
    default void fileFailed(FileResult result, BatchCounts counts) {
    }

    /** Something the user should know once, not per photo (e.g. 16-bit photos written in an 8-bit format). */
    default void notice(String message) {
    }

    /** The batch is over (completed, cancelled or stopped); the report is final. */
    default void batchFinished(BatchReport report) {
    }
}
