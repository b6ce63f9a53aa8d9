package studio.loc.diffusion.nn;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.types.Shape;
import studio.loc.diffusion.lora.LoraContext;
import studio.loc.diffusion.lora.LoraSlot;

/**
 * A 2-D convolution with "same" padding for odd kernels; weight [out, in, k, k], bias [out]. Built as a LoRA slot
 * (LoCon), it adds whatever the {@link LoraContext} contributes; slotted convolutions use stride 1.
 */
public final class ConvLayer {

    private final NDArray weight;
    private final NDArray bias;
    private final int stride;
    private final int padding;
    private final LoraSlot slot;

    private ConvLayer(ParameterStore store, String name, int in, int out, int kernel, int stride, boolean slotted,
                      Init init) {
        this.weight = store.create(name + ".weight", new Shape(out, in, kernel, kernel), init);
        this.bias = store.create(name + ".bias", new Shape(out), Init.zeros());
        this.stride = stride;
        this.padding = kernel / 2;
        this.slot = slotted ? LoraSlot.conv(name, in, out, kernel) : null;
        if (slot != null) {
            if (stride != 1) {
                throw new IllegalArgumentException("slotted convolutions have stride 1: " + name);
            }
            store.registerSlot(slot);
        }
    }

    public static ConvLayer plain(ParameterStore store, String name, int in, int out, int kernel, int stride) {
        return new ConvLayer(store, name, in, out, kernel, stride, false, Init.fanIn(1));
    }

    public static ConvLayer slotted(ParameterStore store, String name, int in, int out, int kernel) {
        return new ConvLayer(store, name, in, out, kernel, 1, true, Init.fanIn(1));
    }

    /** A convolution that starts at zero (the last layer of a residual branch or a network's output). */
    public static ConvLayer zeroInit(ParameterStore store, String name, int in, int out, int kernel) {
        return new ConvLayer(store, name, in, out, kernel, 1, false, Init.zeros());
    }

    public NDArray forward(NDArray x) {
        return forward(x, LoraContext.NONE);
    }

    public NDArray forward(NDArray x, LoraContext lora) {
        NDArray y = Convolutions.conv2d(x, weight, bias, stride, padding);
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
