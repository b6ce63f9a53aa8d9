package studio.loc.app.batch;

/** What happened to one file of a batch. */
public enum FileStatus {
    /** Edited and written in this run. */
    DONE,
    /** A previous run already wrote this output with the same input and settings; left as it was. */
    ALREADY_DONE,
    /** An image file that could not be edited (corrupt, too large, unreadable, engine error). */
    FAILED,
    /** Not an image by its extension, or not a regular file at all (pipe, looping link); left alone. */
    SKIPPED_NOT_IMAGE,
    /** The run was cancelled or stopped before this file. */
    NOT_STARTED;

    /** The lower-case word used in the report file. */
    public String label() {
        return name().toLowerCase(java.util.Locale.ROOT).replace('_', '-');
    }
}
