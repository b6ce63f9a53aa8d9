package studio.loc.diffusion.pipeline;

import studio.loc.diffusion.image.Picture;

/**
 * What an edit produced; the caller owns (and closes) both pictures.
 *
 * @param edited the edit at the query's size, bit depth and alpha
 * @param editedLow the model's own output at its working resolution (for previews and diagnostics)
 * @param millis wall time of the edit
 * @param timings where that time went, stage by stage
 */
public record EditResult(Picture edited, Picture editedLow, long millis, EditTimings timings)
        implements AutoCloseable {

    public EditResult {
        java.util.Objects.requireNonNull(timings, "timings");
    }

    /** A result whose stages were not timed apart. */
    public EditResult(Picture edited, Picture editedLow, long millis) {
        this(edited, editedLow, millis, EditTimings.NONE);
    }

    @Override
    public void close() {
        edited.close();
        editedLow.close();
    }
}
