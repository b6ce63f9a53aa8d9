package studio.loc.hypernet.change;

import java.util.Locale;
import studio.loc.diffusion.lora.LoraSlot;

/**
 * How large a change's LoRA may be. The hypernetwork's heads are linear, so they bound nothing themselves; the
 * bounds come from what learned changes and base weights measure (docs/DESIGN.md, "The change file"): on the
 * bundled model the factors stay within ±6 and each layer's weight change |dW| = (alpha / rank) · ‖up · down‖_F
 * within 3, while the base weights' norms are 0.7 to 7.7. A change beyond these limits would outweigh the layers
 * it touches by an order of magnitude or more, so such a file is damage, not an edit.
 */
final class WeightBounds {

    /** Largest |value| of a factor entry: about 2000 times the largest learned one. */
    static final float FACTOR_LIMIT = 1e4f;
    /** Largest weight change of one layer at strength 1: over 30 times the largest learned one. */
    static final double DELTA_LIMIT = 100;

    private WeightBounds() {
    }

    /** Refuses a change one of whose layers changes by more than {@link #DELTA_LIMIT}. */
    static void check(Change change, String source) throws ChangeFileException {
        for (LoraSlot slot : change.slots()) {
            double delta = ChangeNorms.weightDelta(change, slot);
            if (!(delta <= DELTA_LIMIT)) {
                throw new ChangeFileException(String.format(Locale.ROOT, "%s: its LoRA changes layer %s by |dW| = "
                        + "%.3g, more than the %.0f a change can sensibly hold (learned ones stay below 3); the file "
                        + "is damaged or was not made by LoC Studio.", source, slot.name(), delta, DELTA_LIMIT));
            }
        }
    }
}
