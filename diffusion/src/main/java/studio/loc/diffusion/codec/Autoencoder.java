package studio.loc.diffusion.codec;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.types.Shape;
import java.util.ArrayList;
import java.util.List;
import studio.loc.diffusion.nn.Activations;
import studio.loc.diffusion.nn.ConvLayer;
import studio.loc.diffusion.nn.GroupNorm;
import studio.loc.diffusion.nn.ParameterStore;

/**
 * A small deterministic convolutional autoencoder: images [B, 3, H, W] in [−1, 1] ↔ latents [B, c, H/f, W/f].
 * Encoder: conv → per level residual blocks, stride-2 conv between levels → residual block → norm/SiLU/conv to the
 * latent (times the config's scale factor). The decoder mirrors it with nearest ×2 + conv upsampling. There is no
 * KL sampling; keeping latents tame (e.g. a small L2 penalty) is the trainer's business.
 *
 * <p>Parameter names: {@code encoder.conv_in}, {@code encoder.down.<level>.res.<i>}, {@code encoder.down.<level>
 * .downsample}, {@code encoder.mid}, {@code encoder.out.{norm,conv}}, and the same under {@code decoder} with
 * {@code up.<k>} (k = 0 the lowest resolution) and {@code up.<k>.upsample}.
 */
public final class Autoencoder implements LatentCodec {

    private static final int IMAGE_CHANNELS = 3;

    private final AutoencoderConfig config;
    private final ParameterStore store;
    private final ConvLayer encoderIn;
    private final List<List<CodecResBlock>> encoderBlocks = new ArrayList<>();
    private final List<ConvLayer> downsamples = new ArrayList<>();
    private final CodecResBlock encoderMid;
    private final GroupNorm encoderOutNorm;
    private final ConvLayer encoderOut;
    private final ConvLayer decoderIn;
    private final CodecResBlock decoderMid;
    private final List<List<CodecResBlock>> decoderBlocks = new ArrayList<>();
    private final List<ConvLayer> upsamples = new ArrayList<>();
    private final GroupNorm decoderOutNorm;
    private final ConvLayer decoderOut;

    /** Builds the network, creating its parameters in {@code store} (which the caller owns). */
    public Autoencoder(AutoencoderConfig config, ParameterStore store) {
        this.config = config;
        this.store = store;
        List<Integer> ch = config.channels();
        int levels = ch.size();
        int width = ch.getFirst();
        this.encoderIn = ConvLayer.plain(store, "encoder.conv_in", IMAGE_CHANNELS, width, 3, 1);
        for (int level = 0; level < levels; level++) {
            List<CodecResBlock> blocks = new ArrayList<>();
            for (int i = 0; i < config.resBlocks(); i++) {
                blocks.add(new CodecResBlock(store, "encoder.down." + level + ".res." + i, width, ch.get(level),
                        config));
                width = ch.get(level);
            }
            encoderBlocks.add(blocks);
            if (level < levels - 1) {
                downsamples.add(ConvLayer.plain(store, "encoder.down." + level + ".downsample", width, ch.get(level + 1),
                        3, 2));
                width = ch.get(level + 1);
            }
        }
        this.encoderMid = new CodecResBlock(store, "encoder.mid", width, width, config);
        this.encoderOutNorm = new GroupNorm(store, "encoder.out.norm", width, config.groupsFor(width));
        this.encoderOut = ConvLayer.plain(store, "encoder.out.conv", width, config.latentChannels(), 3, 1);

        this.decoderIn = ConvLayer.plain(store, "decoder.conv_in", config.latentChannels(), width, 3, 1);
        this.decoderMid = new CodecResBlock(store, "decoder.mid", width, width, config);
        for (int k = 0; k < levels; k++) {
            int level = levels - 1 - k;
            List<CodecResBlock> blocks = new ArrayList<>();
            for (int i = 0; i < config.resBlocks(); i++) {
                blocks.add(new CodecResBlock(store, "decoder.up." + k + ".res." + i, width, ch.get(level), config));
                width = ch.get(level);
            }
            decoderBlocks.add(blocks);
            if (level > 0) {
                upsamples.add(ConvLayer.plain(store, "decoder.up." + k + ".upsample", width, ch.get(level - 1), 3, 1));
                width = ch.get(level - 1);
            }
        }
        this.decoderOutNorm = new GroupNorm(store, "decoder.out.norm", width, config.groupsFor(width));
        this.decoderOut = ConvLayer.plain(store, "decoder.out.conv", width, IMAGE_CHANNELS, 3, 1);
    }

    @Override
    public NDArray encode(NDArray images) {
        Shape s = images.getShape();
        if (s.dimension() != 4 || s.get(1) != IMAGE_CHANNELS) {
            throw new IllegalArgumentException("expected images [B, 3, H, W], got " + s);
        }
        if (s.get(2) % factor() != 0 || s.get(3) % factor() != 0) {
            throw new IllegalArgumentException("image size " + s.get(2) + "×" + s.get(3) + " must be divisible by "
                    + factor());
        }
        NDArray h = encoderIn.forward(images);
        for (int level = 0; level < encoderBlocks.size(); level++) {
            for (CodecResBlock block : encoderBlocks.get(level)) {
                h = block.forward(h);
            }
            if (level < downsamples.size()) {
                h = downsamples.get(level).forward(h);
            }
        }
        h = encoderMid.forward(h);
        return encoderOut.forward(Activations.silu(encoderOutNorm.forward(h))).mul(config.scaleFactor());
    }

    @Override
    public NDArray decode(NDArray latents) {
        Shape s = latents.getShape();
        if (s.dimension() != 4 || s.get(1) != config.latentChannels()) {
            throw new IllegalArgumentException("expected latents [B, " + config.latentChannels() + ", h, w], got " + s);
        }
        NDArray h = decoderIn.forward(latents.div(config.scaleFactor()));
        h = decoderMid.forward(h);
        for (int k = 0; k < decoderBlocks.size(); k++) {
            for (CodecResBlock block : decoderBlocks.get(k)) {
                h = block.forward(h);
            }
            if (k < upsamples.size()) {
                h = upsamples.get(k).forward(h.repeat(2, 2).repeat(3, 2));
            }
        }
        return decoderOut.forward(Activations.silu(decoderOutNorm.forward(h)));
    }

    @Override
    public int latentChannels() {
        return config.latentChannels();
    }

    @Override
    public int factor() {
        return config.factor();
    }

    public AutoencoderConfig config() {
        return config;
    }

    /** The network's parameters (for training and saving). */
    public ParameterStore parameters() {
        return store;
    }
}
