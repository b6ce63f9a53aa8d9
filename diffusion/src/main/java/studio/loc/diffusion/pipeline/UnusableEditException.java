package studio.loc.diffusion.pipeline;

/**
 * An edit produced a picture no change should produce (values that are not numbers, or one flat colour where the
 * photo had detail), so it is refused instead of being saved as an edited photo. The message says what happened.
 */
public final class UnusableEditException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    public UnusableEditException(String message) {
        super(message);
    }
}
