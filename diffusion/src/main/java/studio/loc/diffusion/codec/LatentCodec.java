package studio.loc.diffusion.codec;

import ai.djl.ndarray.NDArray;

/**
 * Maps images to the latent space G works in and back. Images are [B, 3, H, W] in [−1, 1]; latents are
 * [B, channels, H/factor, W/factor], scaled to roughly unit variance.
 */
public interface LatentCodec {

    NDArray encode(NDArray images);

    NDArray decode(NDArray latents);

    int latentChannels();

    /** Spatial downscale factor (1 for the identity codec used in tests). */
    int factor();
}
