package studio.loc.hypernet.change;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import studio.loc.diffusion.lora.LoraSlot;
import studio.loc.diffusion.lora.SlotKind;
import studio.loc.diffusion.tensor.Tensor;

/**
 * A change's LoRA as tensors: per slot {@code down} [r, in] (conv: [r, in, k, k], kohya LoCon), {@code up}
 * [out, r] (conv: [out, r, 1, 1]) and a scalar {@code alpha}. Reading checks every slot is present with the
 * right shape and every value is finite and within {@link WeightBounds#FACTOR_LIMIT}, and folds per-slot alphas
 * into one.
 */
final class LoraFactorCodec {

    /** One change's factors and its single alpha. */
    record Lora(Map<String, Change.SlotFactors> factors, float alpha) {
    }

    private LoraFactorCodec() {
    }

    static List<Tensor> tensors(Change change) {
        List<Tensor> tensors = new ArrayList<>();
        int r = change.rank();
        for (LoraSlot slot : change.slots()) {
            Change.SlotFactors f = change.factors().get(slot.name());
            tensors.add(Tensor.f32(LoraKeyNaming.downName(slot), downShape(slot, r), f.down()));
            tensors.add(Tensor.f32(LoraKeyNaming.upName(slot), upShape(slot, r), f.up()));
            tensors.add(Tensor.f32(LoraKeyNaming.alphaName(slot), new long[0], new float[] {change.alpha()}));
        }
        return tensors;
    }

    static long[] downShape(LoraSlot slot, int rank) {
        return slot.kind() == SlotKind.CONV ? new long[] {rank, slot.in(), slot.kernel(), slot.kernel()}
                : new long[] {rank, slot.in()};
    }

    static long[] upShape(LoraSlot slot, int rank) {
        return slot.kind() == SlotKind.CONV ? new long[] {slot.out(), rank, 1, 1} : new long[] {slot.out(), rank};
    }

    /** Refuses a model slot with no down or up tensor. */
    static void requireComplete(Map<String, LoraKeyNaming.SlotTensors> found, BaseModelIdentity model,
                                String source) throws ChangeFileException {
        for (LoraSlot slot : model.slots()) {
            LoraKeyNaming.SlotTensors f = found.get(slot.name());
            if (f == null || f.down == null || f.up == null) {
                throw new ChangeFileException(source + " has no " + (f == null || f.down == null ? "down" : "up")
                        + " matrix for layer " + slot.name() + " of model \"" + model.name()
                        + "\"; the file is incomplete or was made for a differently shaped model.");
            }
        }
    }

    /**
     * The factors of every slot at {@code rank}; a slot's own alpha tensor overrides {@code fileAlpha}, and a
     * slot whose alpha differs from the first slot's has the ratio folded into its up matrix (the same effect
     * with one alpha per change).
     */
    static Lora decode(Map<String, LoraKeyNaming.SlotTensors> found, List<LoraSlot> slots, int rank,
                       float fileAlpha, String source) throws ChangeFileException {
        Map<String, Change.SlotFactors> factors = new LinkedHashMap<>();
        Float alpha = null;
        for (LoraSlot slot : slots) {
            LoraKeyNaming.SlotTensors f = found.get(slot.name());
            checkShape(f.down, downShape(slot, rank), source, slot, rank);
            checkShape(f.up, upShape(slot, rank), source, slot, rank);
            float[] down = boundedFloats(f.down, source);
            float[] up = boundedFloats(f.up, source);
            float slotAlpha = fileAlpha;
            if (f.alpha != null) {
                if (f.alpha.elementCount() != 1) {
                    throw new ChangeFileException(source + ": " + f.alpha.name() + " must be a single number, has "
                            + "shape " + Arrays.toString(f.alpha.shape()));
                }
                slotAlpha = boundedFloats(f.alpha, source)[0];
            }
            if (alpha == null) {
                alpha = slotAlpha;
            } else if (slotAlpha != alpha) {
                float ratio = slotAlpha / alpha;
                for (int i = 0; i < up.length; i++) {
                    up[i] *= ratio;
                }
            }
            factors.put(slot.name(), new Change.SlotFactors(down, up));
        }
        if (!(alpha > 0)) {
            throw new ChangeFileException(source + ": LoRA alpha must be positive, got " + alpha);
        }
        return new Lora(factors, alpha);
    }

    private static void checkShape(Tensor tensor, long[] expected, String source, LoraSlot slot, int rank)
            throws ChangeFileException {
        if (!Arrays.equals(tensor.shape(), expected)) {
            throw new ChangeFileException(source + ": tensor \"" + tensor.name() + "\" has shape "
                    + Arrays.toString(tensor.shape()) + ", but layer " + slot.name() + " at rank " + rank + " needs "
                    + Arrays.toString(expected) + ".");
        }
    }

    /** The tensor's values, refusing a NaN, an infinity or a value beyond {@link WeightBounds#FACTOR_LIMIT}. */
    private static float[] boundedFloats(Tensor tensor, String source) throws ChangeFileException {
        float[] values = tensor.toFloats();
        for (int i = 0; i < values.length; i++) {
            if (!Float.isFinite(values[i])) {
                throw new ChangeFileException(source + ": tensor \"" + tensor.name() + "\" contains " + values[i]
                        + " at element " + i + "; the change is damaged.");
            }
            if (Math.abs(values[i]) > WeightBounds.FACTOR_LIMIT) {
                throw new ChangeFileException(source + ": tensor \"" + tensor.name() + "\" holds " + values[i]
                        + " at element " + i + ", beyond the ±" + WeightBounds.FACTOR_LIMIT + " any LoRA factor "
                        + "stays within; the file is damaged or was not made by LoC Studio.");
            }
        }
        return values;
    }
}
