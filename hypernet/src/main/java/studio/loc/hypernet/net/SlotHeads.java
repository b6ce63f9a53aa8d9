package studio.loc.hypernet.net;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.index.NDIndex;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.core.Linear;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import studio.loc.diffusion.lora.LoraSet;
import studio.loc.diffusion.lora.LoraSlot;
import studio.loc.diffusion.nn.Init;
import studio.loc.diffusion.nn.ParameterStore;

/**
 * Projects each slot's decoder feature to its LoRA factors. Slots of the same size share a head (one down head per
 * distinct in·k·k, one up head per distinct out): the slot's own query already makes its feature unique, and
 * per-slot heads would multiply the parameter count by the number of slots.
 *
 * <p>Up heads start at zero, so a fresh hypernetwork emits an all-zero LoRA (G is untouched), while down heads
 * start small and random, so the very first backward pass already reaches the up heads: ∂(up·down·x)/∂up =
 * (down·x)ᵀ ≠ 0. Down is scaled to ~1/√(in·k·k) per entry, like a Kaiming-initialised LoRA down matrix.
 *
 * <p>Identity-referenced heads ({@link HypernetConfig#identityReferenced}) read the up factors from the feature
 * difference f(A, A') − f(A, A) and add no bias. Why: with plain heads the up weights start at zero, so no gradient
 * reaches the encoder at first, and the heads learn along the mean feature — in effect a bias — until H emits one
 * LoRA for every pair (measured: the sepia and blur changes of such a model had a per-layer cosine similarity of
 * 0.99). A difference cannot carry a pair-independent part, and an unchanged pair gives exactly the zero LoRA.
 */
final class SlotHeads {

    private record Head(NDArray weight, NDArray bias) {
        NDArray forward(NDArray x) {
            return Linear.linear(x, weight, bias).singletonOrThrow();
        }

        NDArray withoutBias(NDArray x) {
            return Linear.linear(x, weight).singletonOrThrow();
        }
    }

    private final List<LoraSlot> slots;
    private final Map<Integer, Head> downHeads = new LinkedHashMap<>();
    private final Map<Integer, Head> upHeads = new LinkedHashMap<>();
    private final int rank;
    private final float alpha;

    SlotHeads(ParameterStore store, String name, HypernetConfig config, List<LoraSlot> slots) {
        this.slots = List.copyOf(slots);
        this.rank = config.rank();
        this.alpha = config.alpha();
        int width = config.width();
        for (LoraSlot slot : slots) {
            int columns = slot.downColumns();
            downHeads.computeIfAbsent(columns, c -> new Head(
                    store.create(name + ".down_" + c + ".weight", new Shape((long) rank * c, width),
                            Init.normal(1.0 / Math.sqrt((double) width * c))),
                    store.create(name + ".down_" + c + ".bias", new Shape((long) rank * c), Init.zeros())));
            upHeads.computeIfAbsent(slot.out(), o -> new Head(
                    store.create(name + ".up_" + o + ".weight", new Shape((long) o * rank, width), Init.zeros()),
                    store.create(name + ".up_" + o + ".bias", new Shape((long) o * rank), Init.zeros())));
        }
    }

    /**
     * @param features decoder output [B, slots, width], one row per slot in slot order
     * @param reference the decoder output for the unchanged pair (A, A), same shape, or null for plain heads
     */
    LoraSet forward(NDArray features, NDArray reference) {
        long batch = features.getShape().get(0);
        Map<String, LoraSet.Factors> factors = new LinkedHashMap<>();
        for (int i = 0; i < slots.size(); i++) {
            LoraSlot slot = slots.get(i);
            NDArray feature = features.get(new NDIndex(":, {}, :", i));
            NDArray down = downHeads.get(slot.downColumns()).forward(feature).reshape(batch, rank, slot.downColumns());
            Head upHead = upHeads.get(slot.out());
            NDArray up = (reference == null ? upHead.forward(feature)
                    : upHead.withoutBias(feature.sub(reference.get(new NDIndex(":, {}, :", i)))))
                    .reshape(batch, slot.out(), rank);
            factors.put(slot.name(), new LoraSet.Factors(down, up));
        }
        return new LoraSet(slots, factors, rank, alpha);
    }
}
