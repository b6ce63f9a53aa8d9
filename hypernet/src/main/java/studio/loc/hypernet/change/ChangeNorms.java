package studio.loc.hypernet.change;

import studio.loc.diffusion.lora.LoraSlot;

/**
 * How strongly a change alters each layer, and how alike two changes are: sizes and angles of their weight updates,
 * for showing and comparing changes.
 */
public final class ChangeNorms {

    private ChangeNorms() {
    }

    /** The Frobenius norm of the slot's weight update at strength 1, (alpha / rank) · ‖up · down‖_F. */
    public static double weightDelta(Change change, LoraSlot slot) {
        return change.alpha() / change.rank() * Math.sqrt(Math.max(0, inner(change, change, slot)));
    }

    /**
     * The cosine of the angle between two changes' weight updates of one slot (1: the same direction, 0: unrelated),
     * or NaN when either update is zero. Why it matters: changes learned from different edits should point in
     * different directions; equal norms alone do not show that.
     *
     * @throws IllegalArgumentException when the changes' factors for the slot do not have the same shapes
     */
    public static double cosine(Change a, Change b, LoraSlot slot) {
        double ab = inner(a, b, slot);
        double norms = Math.sqrt(inner(a, a, slot) * inner(b, b, slot));
        return norms > 0 ? ab / norms : Double.NaN;
    }

    /**
     * ⟨U₁D₁, U₂D₂⟩_F = Σᵢⱼ (U₁ᵀU₂)ᵢⱼ (D₁D₂ᵀ)ᵢⱼ, through the rank × rank cross-Gram matrices, so the full
     * out × in·k·k products are never formed.
     */
    private static double inner(Change a, Change b, LoraSlot slot) {
        Change.SlotFactors fa = factors(a, slot);
        Change.SlotFactors fb = factors(b, slot);
        int ra = a.rank();
        int rb = b.rank();
        int out = slot.out();
        int columns = slot.downColumns();
        if (fa.up().length != (long) out * ra || fb.up().length != (long) out * rb
                || fa.down().length != (long) ra * columns || fb.down().length != (long) rb * columns) {
            throw new IllegalArgumentException("changes \"" + a.name() + "\" and \"" + b.name()
                    + "\" do not have factors of slot " + slot.name() + "'s shape");
        }
        double total = 0;
        for (int i = 0; i < ra; i++) {
            for (int j = 0; j < rb; j++) {
                double ups = 0;
                for (int k = 0; k < out; k++) {
                    ups += (double) fa.up()[k * ra + i] * fb.up()[k * rb + j];
                }
                double downs = 0;
                for (int k = 0; k < columns; k++) {
                    downs += (double) fa.down()[i * columns + k] * fb.down()[j * columns + k];
                }
                total += ups * downs;
            }
        }
        return total;
    }

    private static Change.SlotFactors factors(Change change, LoraSlot slot) {
        Change.SlotFactors factors = change.factors().get(slot.name());
        if (factors == null) {
            throw new IllegalArgumentException("change \"" + change.name() + "\" has no slot " + slot.name());
        }
        return factors;
    }
}
