package studio.loc.diffusion.lora;

import ai.djl.ndarray.NDArray;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A change as tensors: for each slot a down matrix [B, r, in·k·k] and an up matrix [B, out, r], where B is the
 * batch (one LoRA per sample while training the hypernetwork; B = 1 for a single change). Scale at application is
 * strength · alpha / rank. The arrays belong to whoever made them (a hypernetwork pass or a change-file read).
 */
public final class LoraSet {

    /** One slot's factors. */
    public record Factors(NDArray down, NDArray up) {
    }

    private final Map<String, Factors> factors;
    private final List<LoraSlot> slots;
    private final int rank;
    private final float alpha;

    public LoraSet(List<LoraSlot> slots, Map<String, Factors> factors, int rank, float alpha) {
        this.slots = List.copyOf(slots);
        this.factors = Collections.unmodifiableMap(new LinkedHashMap<>(factors));
        this.rank = rank;
        this.alpha = alpha;
    }

    public List<LoraSlot> slots() {
        return slots;
    }

    /** Factors of a slot, or null when the set leaves that slot alone. */
    public Factors get(String slotName) {
        return factors.get(slotName);
    }

    public Map<String, Factors> all() {
        return factors;
    }

    public int rank() {
        return rank;
    }

    public float alpha() {
        return alpha;
    }

    /** alpha / rank: the kohya convention that keeps a LoRA's effect independent of its rank. */
    public float scale() {
        return alpha / rank;
    }
}
