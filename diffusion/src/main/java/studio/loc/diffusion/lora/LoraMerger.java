package studio.loc.diffusion.lora;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import java.util.LinkedHashMap;
import java.util.Map;
import studio.loc.diffusion.nn.ParameterStore;

/**
 * Bakes one change into a network's weights (W' = W + s·(α/r)·U·D, a conv's U·D reshaped to [out, in, k, k]), so
 * sampling runs at the base network's speed: merge once per change, not per image. The touched weights are copied
 * first and {@link #unmerge()} writes the copies back, so the base weights return bit for bit (subtracting the
 * delta again would not, in floating point).
 *
 * <p>Not thread-safe; the network must not be used for another change while merged.
 */
public final class LoraMerger implements AutoCloseable {

    private final ParameterStore weights;
    private final NDManager backups;
    private final Map<String, NDArray> originals = new LinkedHashMap<>();

    public LoraMerger(ParameterStore weights) {
        this.weights = weights;
        this.backups = weights.manager().newSubManager();
    }

    /**
     * Merges {@code set} (batch 1) at {@code strength}, first undoing any earlier merge.
     *
     * @throws LoraShapeException if the set does not fit the network's slots (nothing is changed then)
     */
    public void merge(LoraSet set, float strength) throws LoraShapeException {
        LoraSets.validate(set, weights.slots());
        for (LoraSet.Factors factors : set.all().values()) {
            if (factors.down().getShape().get(0) != 1) {
                throw new LoraShapeException("only a single change (batch 1) can be merged, got a batch of "
                        + factors.down().getShape().get(0));
            }
        }
        unmerge();
        float scale = strength * set.scale();
        try (NDManager scratch = backups.newSubManager()) {
            for (LoraSlot slot : weights.slots()) {
                LoraSet.Factors factors = set.get(slot.name());
                if (factors == null) {
                    continue;
                }
                String name = slot.name() + ".weight";
                NDArray weight = weights.get(name);
                originals.put(name, weight.duplicate());
                originals.get(name).attach(backups);
                NDArray down = factors.down().get(0);
                NDArray up = factors.up().get(0);
                down.attach(scratch);
                up.attach(scratch);
                NDArray delta = up.matMul(down).mul(scale).reshape(weight.getShape());
                weight.addi(delta);
            }
        }
    }

    /** Restores the weights a merge touched exactly; does nothing when nothing is merged. */
    public void unmerge() {
        for (Map.Entry<String, NDArray> entry : originals.entrySet()) {
            weights.get(entry.getKey()).set(entry.getValue().toByteBuffer());
            entry.getValue().close();
        }
        originals.clear();
    }

    public boolean isMerged() {
        return !originals.isEmpty();
    }

    /** Unmerges and frees the copies. */
    @Override
    public void close() {
        unmerge();
        backups.close();
    }
}
