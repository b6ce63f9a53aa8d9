package studio.loc.diffusion.lora;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Operations on whole {@link LoraSet}s: checking them against a network, composing and negating changes. */
public final class LoraSets {

    private LoraSets() {
    }

    /**
     * Checks that every factor of {@code set} belongs to a slot of {@code slots} with down [B, r, in·k·k] and up
     * [B, out, r] (r = the set's rank, one B for all slots).
     *
     * @throws LoraShapeException naming the first slot that does not fit
     */
    public static void validate(LoraSet set, List<LoraSlot> slots) throws LoraShapeException {
        Map<String, LoraSlot> byName = new LinkedHashMap<>();
        for (LoraSlot slot : slots) {
            byName.put(slot.name(), slot);
        }
        long batch = -1;
        for (Map.Entry<String, LoraSet.Factors> entry : set.all().entrySet()) {
            LoraSlot slot = byName.get(entry.getKey());
            if (slot == null) {
                throw new LoraShapeException("the LoRA has a layer \"" + entry.getKey()
                        + "\" that this model does not have (it was made for a different base model)");
            }
            Shape down = entry.getValue().down().getShape();
            Shape up = entry.getValue().up().getShape();
            if (batch < 0) {
                batch = down.dimension() == 3 ? down.get(0) : -1;
            }
            Shape expectedDown = new Shape(batch, set.rank(), slot.downColumns());
            Shape expectedUp = new Shape(batch, slot.out(), set.rank());
            if (!down.equals(expectedDown) || !up.equals(expectedUp)) {
                throw new LoraShapeException("the LoRA does not fit layer \"" + slot.name() + "\": expected down "
                        + expectedDown + " and up " + expectedUp + ", found " + down + " and " + up
                        + " (it was made for a different base model or rank)");
            }
        }
    }

    /**
     * Two changes at once: factors concatenated along the rank. Each part keeps its own effect because its α/r is
     * folded into its up factors and the result has α = r (scale 1). A slot only one set touches gets zeros from
     * the other. Both sets must have the same batch. The result's arrays live in {@code a}'s manager.
     */
    public static LoraSet compose(LoraSet a, LoraSet b) throws LoraShapeException {
        if (!a.slots().equals(b.slots())) {
            throw new LoraShapeException("the two changes were made for different base models (their layers differ)");
        }
        int rank = a.rank() + b.rank();
        Map<String, LoraSet.Factors> composed = new LinkedHashMap<>();
        for (LoraSlot slot : a.slots()) {
            LoraSet.Factors fa = a.get(slot.name());
            LoraSet.Factors fb = b.get(slot.name());
            if (fa == null && fb == null) {
                continue;
            }
            NDManager manager = (fa != null ? fa : fb).down().getManager();
            long batch = (fa != null ? fa : fb).down().getShape().get(0);
            LoraSet.Factors pa = fa != null ? scaled(fa, a.scale()) : zeros(manager, slot, batch, a.rank());
            LoraSet.Factors pb = fb != null ? scaled(fb, b.scale()) : zeros(manager, slot, batch, b.rank());
            if (pa.down().getShape().get(0) != pb.down().getShape().get(0)) {
                throw new LoraShapeException("cannot compose LoRA batches of " + pa.down().getShape().get(0)
                        + " and " + pb.down().getShape().get(0) + " at layer \"" + slot.name() + "\"");
            }
            composed.put(slot.name(), new LoraSet.Factors(pa.down().concat(pb.down(), 1),
                    pa.up().concat(pb.up(), 2)));
        }
        return new LoraSet(a.slots(), composed, rank, rank);
    }

    /** Sample {@code index} of a batched set, as a batch-1 set (views of the same tensors, gradients still flow). */
    public static LoraSet sample(LoraSet set, int index) {
        Map<String, LoraSet.Factors> one = new LinkedHashMap<>();
        String range = index + ":" + (index + 1);
        for (Map.Entry<String, LoraSet.Factors> entry : set.all().entrySet()) {
            one.put(entry.getKey(), new LoraSet.Factors(entry.getValue().down().get(range),
                    entry.getValue().up().get(range)));
        }
        return new LoraSet(set.slots(), one, set.rank(), set.alpha());
    }

    /** The reverse change: same down factors, up factors negated (equivalent to strength −1). */
    public static LoraSet negated(LoraSet set) {
        Map<String, LoraSet.Factors> negated = new LinkedHashMap<>();
        for (Map.Entry<String, LoraSet.Factors> entry : set.all().entrySet()) {
            negated.put(entry.getKey(), new LoraSet.Factors(entry.getValue().down(), entry.getValue().up().neg()));
        }
        return new LoraSet(set.slots(), negated, set.rank(), set.alpha());
    }

    /** A LoRA of zeros for every slot: the "no change" change. */
    public static LoraSet zeros(NDManager manager, List<LoraSlot> slots, int batch, int rank, float alpha) {
        Map<String, LoraSet.Factors> factors = new LinkedHashMap<>();
        for (LoraSlot slot : slots) {
            factors.put(slot.name(), zeros(manager, slot, batch, rank));
        }
        return new LoraSet(slots, factors, rank, alpha);
    }

    private static LoraSet.Factors zeros(NDManager manager, LoraSlot slot, long batch, int rank) {
        return new LoraSet.Factors(manager.zeros(new Shape(batch, rank, slot.downColumns())),
                manager.zeros(new Shape(batch, slot.out(), rank)));
    }

    private static LoraSet.Factors scaled(LoraSet.Factors factors, float scale) {
        return new LoraSet.Factors(factors.down(), factors.up().mul(scale));
    }
}
