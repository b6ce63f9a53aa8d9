package studio.loc.diffusion.progress;

/**
 * Receives progress of a long operation. Called from the worker thread; a GUI listener posts to its own thread.
 */
@FunctionalInterface
public interface ProgressListener {

    /** A listener that ignores everything, for callers that do not show progress. */
    ProgressListener NONE = (done, total, message) -> { };

    /**
     * @param done units finished so far
     * @param total units in all (steps, files, ...); never zero
     * @param message a short human-readable phrase such as "Denoising step 3 of 20"
     */
    void onProgress(long done, long total, String message);
}
