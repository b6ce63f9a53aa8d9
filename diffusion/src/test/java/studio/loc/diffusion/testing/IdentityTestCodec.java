package studio.loc.diffusion.testing;

import ai.djl.ndarray.NDArray;
import studio.loc.diffusion.codec.LatentCodec;

/** Latents are the pixels: lets pipeline tests isolate sampling and full-resolution transfer. */
public final class IdentityTestCodec implements LatentCodec {

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
