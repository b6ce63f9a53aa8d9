package studio.loc.diffusion.pipeline;

/**
 * Where an edit's time went, in nanoseconds of wall time: what profiles of full-resolution editing read (the
 * pipeline's caller times reading and writing the file itself).
 *
 * @param preparation work that does not depend on the change: the query shrunk to the model's working size
 * @param fitted the change's fitted part (filter, colour table, gain map) at full resolution, and its blend
 * @param model the diffusion model at working size: encode, sample, decode
 * @param transfer the model's edit carried back to full resolution
 */
public record EditTimings(long preparation, long fitted, long model, long transfer) {

    /** No stage timed (results made outside the pipeline). */
    public static final EditTimings NONE = new EditTimings(0, 0, 0, 0);

    public EditTimings {
        if (preparation < 0 || fitted < 0 || model < 0 || transfer < 0) {
            throw new IllegalArgumentException("stage times cannot be negative");
        }
    }
}
