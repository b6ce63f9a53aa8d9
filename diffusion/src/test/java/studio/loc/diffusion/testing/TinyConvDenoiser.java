package studio.loc.diffusion.testing;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.types.Shape;
import java.util.List;
import studio.loc.diffusion.lora.LoraContext;
import studio.loc.diffusion.lora.LoraSlot;
import studio.loc.diffusion.nn.Activations;
import studio.loc.diffusion.nn.ConvLayer;
import studio.loc.diffusion.nn.ParameterStore;
import studio.loc.diffusion.unet.Denoiser;

/**
 * A two-layer convolutional G for tests: input = [x_t, query, t/T plane], a slotted 3×3 conv, SiLU, a 3×3 conv.
 * Small enough to train for a few steps in a test, real enough to have a LoRA slot and depend on the noise.
 */
public final class TinyConvDenoiser implements Denoiser {

    private final ConvLayer first;
    private final ConvLayer second;
    private final ParameterStore store;

    public TinyConvDenoiser(ParameterStore store, int channels, int hidden) {
        this.store = store;
        this.first = ConvLayer.slotted(store, "in", 2 * channels + 1, hidden, 3);
        this.second = ConvLayer.plain(store, "out", hidden, channels, 3, 1);
    }

    public ParameterStore store() {
        return store;
    }

    @Override
    public NDArray predictNoise(NDArray noisyLatent, NDArray queryLatent, NDArray timesteps, LoraContext lora) {
        Shape s = noisyLatent.getShape();
        NDArray plane = timesteps.div(1000f).reshape(s.get(0), 1, 1, 1)
                .broadcast(new Shape(s.get(0), 1, s.get(2), s.get(3)));
        NDArray input = noisyLatent.concat(queryLatent, 1).concat(plane, 1);
        return second.forward(Activations.silu(first.forward(input, lora)));
    }

    @Override
    public List<LoraSlot> slots() {
        return store.slots();
    }
}
