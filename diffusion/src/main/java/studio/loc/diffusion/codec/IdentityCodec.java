package studio.loc.diffusion.codec;

import ai.djl.ndarray.NDArray;

/** Latents are the images themselves (3 channels, factor 1): lets sampler and pipeline tests skip a trained codec. */
public final class IdentityCodec implements LatentCodec {

    @Override
    public NDArray encode(NDArray images) {
        return images.duplicate();
    }

    @Override
    public NDArray decode(NDArray latents) {
        return latents.duplicate();
    }

    @Override
    public int latentChannels() {
        return 3;
    }

    @Override
    public int factor() {
        return 1;
    }
}
