package studio.loc.diffusion.nn;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.core.Linear;
import studio.loc.diffusion.lora.LoraContext;
import studio.loc.diffusion.lora.LoraSlot;

/**
 * y = x·Wᵀ + b over the last axis; weight [out, in] named {@code <name>.weight}, bias {@code <name>.bias}.
 * Built as a LoRA slot, it adds whatever the {@link LoraContext} contributes.
 */
public final class LinearLayer {

    private final NDArray weight;
    private final NDArray bias;
    private final LoraSlot slot;

    private LinearLayer(ParameterStore store, String name, int in, int out, boolean bias, boolean slotted,
                        Init init) {
        this.weight = store.create(name + ".weight", new Shape(out, in), init);
        this.bias = bias ? store.create(name + ".bias", new Shape(out), Init.zeros()) : null;
        this.slot = slotted ? LoraSlot.linear(name, in, out) : null;
        if (slot != null) {
            store.registerSlot(slot);
        }
    }

    public static LinearLayer plain(ParameterStore store, String name, int in, int out) {
        return new LinearLayer(store, name, in, out, true, false, Init.fanIn(1));
    }

    public static LinearLayer slotted(ParameterStore store, String name, int in, int out) {
        return new LinearLayer(store, name, in, out, true, true, Init.fanIn(1));
    }

    /** A layer whose weights start at zero (output heads that must start silent). */
    public static LinearLayer zeroInit(ParameterStore store, String name, int in, int out) {
        return new LinearLayer(store, name, in, out, true, false, Init.zeros());
    }

    public NDArray forward(NDArray x) {
        return forward(x, LoraContext.NONE);
    }

    public NDArray forward(NDArray x, LoraContext lora) {
        NDArray y = Linear.linear(x, weight, bias).singletonOrThrow();
        if (slot != null) {
            NDArray delta = lora.delta(slot, x);
            if (delta != null) {
                y = y.add(delta);
            }
        }
        return y;
    }

    public NDArray weight() {
        return weight;
    }

    /** The slot, or null for a plain layer. */
    public LoraSlot slot() {
        return slot;
    }
}
