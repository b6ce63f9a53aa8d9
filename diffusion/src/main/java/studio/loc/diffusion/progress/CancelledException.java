package studio.loc.diffusion.progress;

/** Thrown at a safe point when the user cancelled the operation; nothing half-done is kept. */
public final class CancelledException extends Exception {
    public CancelledException() {
        super("Cancelled");
    }
}
