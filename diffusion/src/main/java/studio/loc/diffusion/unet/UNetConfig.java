package studio.loc.diffusion.unet;

import java.util.List;

/**
 * The shape of a UNet, as data (read from model.json): the same code builds the tiny test network and a large one.
 *
 * @param latentChannels channels of a latent; the network sees 2× that (noisy latent ⊕ query latent) and predicts
 *                       that many noise channels
 * @param channels       feature channels per resolution level, highest resolution first; each level after the first
 *                       halves the resolution
 * @param resBlocksPerLevel residual blocks per level on the way down (the way up has one more, for the extra skip)
 * @param attentionLevels indices of the levels whose blocks are followed by self-attention (the middle block always
 *                        attends)
 * @param heads          attention heads (must divide every attending level's channels)
 * @param timeEmbedDim   width of the timestep embedding MLP
 * @param normGroups     most groups a group normalisation uses; each norm takes the largest divisor of its
 *                       channel count not above this
 */
public record UNetConfig(int latentChannels, List<Integer> channels, int resBlocksPerLevel,
                         List<Integer> attentionLevels, int heads, int timeEmbedDim, int normGroups) {

    public UNetConfig {
        channels = List.copyOf(channels);
        attentionLevels = List.copyOf(attentionLevels);
        if (latentChannels < 1) {
            throw new IllegalArgumentException("latentChannels must be positive, got " + latentChannels);
        }
        if (channels.isEmpty() || channels.stream().anyMatch(c -> c < 1)) {
            throw new IllegalArgumentException("channels must list at least one positive width, got " + channels);
        }
        if (resBlocksPerLevel < 1) {
            throw new IllegalArgumentException("resBlocksPerLevel must be at least 1, got " + resBlocksPerLevel);
        }
        if (heads < 1) {
            throw new IllegalArgumentException("heads must be at least 1, got " + heads);
        }
        for (int level : attentionLevels) {
            if (level < 0 || level >= channels.size()) {
                throw new IllegalArgumentException("attention level " + level + " is not one of the "
                        + channels.size() + " levels");
            }
            if (channels.get(level) % heads != 0) {
                throw new IllegalArgumentException("level " + level + " has " + channels.get(level)
                        + " channels, which do not split into " + heads + " heads");
            }
        }
        if (channels.getLast() % heads != 0) {
            throw new IllegalArgumentException("the middle block's " + channels.getLast()
                    + " channels do not split into " + heads + " heads");
        }
        if (timeEmbedDim < 2 || timeEmbedDim % 2 != 0) {
            throw new IllegalArgumentException("timeEmbedDim must be a positive even number, got " + timeEmbedDim);
        }
        if (normGroups < 1) {
            throw new IllegalArgumentException("normGroups must be at least 1, got " + normGroups);
        }
    }

    /** A network small enough for unit tests (milliseconds per step). */
    public static UNetConfig tiny() {
        return new UNetConfig(4, List.of(8, 16), 1, List.of(1), 2, 16, 4);
    }

    /** The bundled model: 4-channel 32×32 latents of 128-px images. */
    public static UNetConfig defaultConfig() {
        return new UNetConfig(4, List.of(32, 64, 128), 1, List.of(2), 4, 128, 8);
    }

    /** How much smaller the lowest level is than the input: latent sizes must be divisible by this. */
    public int downscale() {
        return 1 << (channels.size() - 1);
    }

    public boolean attends(int level) {
        return attentionLevels.contains(level);
    }

    /** Groups for a norm over {@code channels} channels. */
    public int groupsFor(int channelCount) {
        for (int g = Math.min(normGroups, channelCount); g > 1; g--) {
            if (channelCount % g == 0) {
                return g;
            }
        }
        return 1;
    }
}
