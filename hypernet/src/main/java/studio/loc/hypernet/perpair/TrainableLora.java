package studio.loc.hypernet.perpair;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import studio.loc.diffusion.lora.LoraSet;
import studio.loc.diffusion.lora.LoraSlot;
import studio.loc.diffusion.nn.Init;
import studio.loc.diffusion.nn.ParameterStore;
import studio.loc.hypernet.change.Change;

/**
 * A fresh LoRA as trainable parameters: for every slot a down factor [r, in·k·k] drawn from U(±1/√(in·k·k)) (the
 * kohya/PEFT start) and an up factor [out, r] of zeros, so it starts as "no change" yet has a gradient at once.
 * The factors are stored in the change file's layout; {@link #asSet} adds the batch axis a {@link LoraSet} has.
 * {@link #startingFrom} starts from an existing change instead.
 */
final class TrainableLora implements AutoCloseable {

    private final ParameterStore store;
    private final List<LoraSlot> slots;
    private final int rank;
    private final float alpha;

    TrainableLora(NDManager parent, List<LoraSlot> slots, int rank, float alpha, long seed) {
        // fan-in of a 2-D [r, columns] shape is the columns: Init.fanIn gives exactly U(±1/√columns)
        this(parent, slots, rank, alpha, seed, slot -> Init.fanIn(1), slot -> Init.zeros());
    }

    /**
     * Starts from {@code start}'s factors instead of a fresh LoRA (refining what the hypernetwork predicted); its
     * slots, rank and alpha are taken over.
     */
    static TrainableLora startingFrom(NDManager parent, Change start) {
        return new TrainableLora(parent, start.slots(), start.rank(), start.alpha(), 0,
                slot -> copyOf(start.factors().get(slot.name()).down()),
                slot -> copyOf(start.factors().get(slot.name()).up()));
    }

    private TrainableLora(NDManager parent, List<LoraSlot> slots, int rank, float alpha, long seed,
                          Function<LoraSlot, Init> down, Function<LoraSlot, Init> up) {
        this.store = new ParameterStore(parent, seed);
        this.slots = List.copyOf(slots);
        this.rank = rank;
        this.alpha = alpha;
        for (LoraSlot slot : slots) {
            store.create(downName(slot), new Shape(rank, slot.downColumns()), down.apply(slot));
            store.create(upName(slot), new Shape(slot.out(), rank), up.apply(slot));
        }
    }

    private static Init copyOf(float[] values) {
        return (shape, random) -> values.clone();
    }

    ParameterStore parameters() {
        return store;
    }

    /** The factors as a batch-1 LoRA; views in {@code manager}, so gradients flow back into the parameters. */
    LoraSet asSet(NDManager manager) {
        Map<String, LoraSet.Factors> factors = new LinkedHashMap<>();
        for (LoraSlot slot : slots) {
            factors.put(slot.name(), new LoraSet.Factors(batchOfOne(store.get(downName(slot)), manager),
                    batchOfOne(store.get(upName(slot)), manager)));
        }
        return new LoraSet(slots, factors, rank, alpha);
    }

    private static NDArray batchOfOne(NDArray factor, NDManager manager) {
        NDArray view = factor.expandDims(0);
        view.attach(manager);
        return view;
    }

    private static String downName(LoraSlot slot) {
        return slot.name() + ".lora_down";
    }

    private static String upName(LoraSlot slot) {
        return slot.name() + ".lora_up";
    }

    @Override
    public void close() {
        store.close();
    }
}
