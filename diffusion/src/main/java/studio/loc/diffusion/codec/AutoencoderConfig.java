package studio.loc.diffusion.codec;

import java.util.List;

/**
 * The shape of the latent autoencoder, as data (read from model.json).
 *
 * @param channels       feature channels per level of the encoder, highest resolution first; every level after the
 *                       first halves the resolution, so the spatial factor is 2^(levels−1)
 * @param latentChannels channels of a latent
 * @param resBlocks      residual blocks per level
 * @param normGroups     most groups a group normalisation uses
 * @param scaleFactor    multiplies raw encoder outputs so latents have roughly unit variance (set after training
 *                       from the latents' measured standard deviation, as Stable Diffusion's 0.18215)
 */
public record AutoencoderConfig(List<Integer> channels, int latentChannels, int resBlocks, int normGroups,
                                float scaleFactor) {

    public AutoencoderConfig {
        channels = List.copyOf(channels);
        if (channels.isEmpty() || channels.stream().anyMatch(c -> c < 1)) {
            throw new IllegalArgumentException("channels must list at least one positive width, got " + channels);
        }
        if (latentChannels < 1) {
            throw new IllegalArgumentException("latentChannels must be positive, got " + latentChannels);
        }
        if (resBlocks < 0) {
            throw new IllegalArgumentException("resBlocks must not be negative, got " + resBlocks);
        }
        if (normGroups < 1) {
            throw new IllegalArgumentException("normGroups must be at least 1, got " + normGroups);
        }
        if (!(scaleFactor > 0) || Float.isInfinite(scaleFactor)) {
            throw new IllegalArgumentException("scaleFactor must be a positive number, got " + scaleFactor);
        }
    }

    /** Small enough for unit tests: factor 2, 4 latent channels. */
    public static AutoencoderConfig tiny() {
        return new AutoencoderConfig(List.of(8, 8), 4, 1, 4, 1f);
    }

    /** The bundled model: 128-px images to 4×32×32 latents (factor 4). */
    public static AutoencoderConfig defaultConfig() {
        return new AutoencoderConfig(List.of(32, 64, 64), 4, 1, 8, 1f);
    }

    /** Spatial downscale factor (image side / latent side). */
    public int factor() {
        return 1 << (channels.size() - 1);
    }

    /** A copy with another latent scale (after measuring the trained encoder's latent statistics). */
    public AutoencoderConfig withScaleFactor(float scale) {
        return new AutoencoderConfig(channels, latentChannels, resBlocks, normGroups, scale);
    }

    int groupsFor(int channelCount) {
        for (int g = Math.min(normGroups, channelCount); g > 1; g--) {
            if (channelCount % g == 0) {
                return g;
            }
        }
        return 1;
    }
}
