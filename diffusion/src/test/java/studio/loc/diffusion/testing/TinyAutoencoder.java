package studio.loc.diffusion.testing;

import ai.djl.ndarray.NDArray;
import studio.loc.diffusion.codec.LatentCodec;
import studio.loc.diffusion.nn.Activations;
import studio.loc.diffusion.nn.ConvLayer;
import studio.loc.diffusion.nn.ParameterStore;

/** A factor-2 convolutional autoencoder for trainer tests: stride-2 conv down, nearest upsample + convs up. */
public final class TinyAutoencoder implements LatentCodec {

    private final ConvLayer down;
    private final ConvLayer toLatent;
    private final ConvLayer up;
    private final ConvLayer toImage;

    public TinyAutoencoder(ParameterStore store, int latentChannels) {
        down = ConvLayer.plain(store, "enc.down", 3, 8, 3, 2);
        toLatent = ConvLayer.plain(store, "enc.out", 8, latentChannels, 1, 1);
        up = ConvLayer.plain(store, "dec.in", latentChannels, 8, 3, 1);
        toImage = ConvLayer.plain(store, "dec.out", 8, 3, 3, 1);
    }

    @Override
    public NDArray encode(NDArray images) {
        return toLatent.forward(Activations.silu(down.forward(images)));
    }

    @Override
    public NDArray decode(NDArray latents) {
        NDArray upsampled = latents.repeat(2, 2).repeat(3, 2);
        return toImage.forward(Activations.silu(up.forward(upsampled)));
    }

    @Override
    public int latentChannels() {
        return toLatent.weight().getShape().get(0) > 0 ? (int) toLatent.weight().getShape().get(0) : 0;
    }

    @Override
    public int factor() {
        return 2;
    }
}
