package studio.loc.diffusion.unet;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDArrays;
import ai.djl.ndarray.types.Shape;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import studio.loc.diffusion.lora.LoraContext;
import studio.loc.diffusion.lora.LoraSlot;
import studio.loc.diffusion.nn.Activations;
import studio.loc.diffusion.nn.ConvLayer;
import studio.loc.diffusion.nn.GroupNorm;
import studio.loc.diffusion.nn.ParameterStore;

/**
 * The image-conditioned noise predictor G: an ADM/diffusers-style UNet whose input is the noisy latent ⊕ the query
 * latent. Levels go down by stride-2 convolutions and up by nearest ×2 + conv; each decoder block concatenates the
 * matching encoder activation. The output convolution starts at zero, so a fresh network predicts zero noise.
 *
 * <p>Parameter names are stable and dotted ({@code down.0.res.0.conv1.weight}, {@code mid.attn.q.weight},
 * {@code up.1.res.0.conv2.weight}; {@code up.0} is the lowest resolution, as in diffusers). The LoRA slots are
 * the 3×3 convs of every residual block and the q/k/v/out projections of every attention block, in construction
 * order.
 */
public final class UNet implements Denoiser {

    private final UNetConfig config;
    private final ParameterStore store;
    private final TimestepEmbedding time;
    private final ConvLayer convIn;
    private final List<Level> down = new ArrayList<>();
    private final ResBlock midFirst;
    private final AttentionBlock midAttention;
    private final ResBlock midSecond;
    private final List<Level> up = new ArrayList<>();
    private final GroupNorm outNorm;
    private final ConvLayer outConv;

    /** One resolution: its residual blocks, their optional attention, and the resampling conv (null at the end). */
    private record Level(List<ResBlock> blocks, List<AttentionBlock> attention, ConvLayer resample) {
    }

    /** Builds the network, creating its parameters in {@code store} (which the caller owns). */
    public UNet(UNetConfig config, ParameterStore store) {
        this.config = config;
        this.store = store;
        List<Integer> ch = config.channels();
        int levels = ch.size();
        int temb = config.timeEmbedDim();
        this.time = new TimestepEmbedding(store, "time", ch.getFirst(), temb);
        this.convIn = ConvLayer.plain(store, "conv_in", 2 * config.latentChannels(), ch.getFirst(), 3, 1);

        Deque<Integer> skipWidths = new ArrayDeque<>();
        skipWidths.push(ch.getFirst());
        int width = ch.getFirst();
        for (int level = 0; level < levels; level++) {
            String prefix = "down." + level;
            List<ResBlock> blocks = new ArrayList<>();
            List<AttentionBlock> attention = new ArrayList<>();
            for (int i = 0; i < config.resBlocksPerLevel(); i++) {
                blocks.add(new ResBlock(store, prefix + ".res." + i, width, ch.get(level), temb, config));
                width = ch.get(level);
                if (config.attends(level)) {
                    attention.add(new AttentionBlock(store, prefix + ".attn." + i, width, config));
                }
                skipWidths.push(width);
            }
            ConvLayer downsample = null;
            if (level < levels - 1) {
                downsample = ConvLayer.plain(store, prefix + ".downsample", width, width, 3, 2);
                skipWidths.push(width);
            }
            down.add(new Level(blocks, attention, downsample));
        }

        this.midFirst = new ResBlock(store, "mid.res.0", width, width, temb, config);
        this.midAttention = new AttentionBlock(store, "mid.attn", width, config);
        this.midSecond = new ResBlock(store, "mid.res.1", width, width, temb, config);

        for (int k = 0; k < levels; k++) {
            int level = levels - 1 - k;
            String prefix = "up." + k;
            List<ResBlock> blocks = new ArrayList<>();
            List<AttentionBlock> attention = new ArrayList<>();
            for (int i = 0; i <= config.resBlocksPerLevel(); i++) {
                int in = width + skipWidths.pop();
                blocks.add(new ResBlock(store, prefix + ".res." + i, in, ch.get(level), temb, config));
                width = ch.get(level);
                if (config.attends(level)) {
                    attention.add(new AttentionBlock(store, prefix + ".attn." + i, width, config));
                }
            }
            ConvLayer upsample = level > 0 ? ConvLayer.plain(store, prefix + ".upsample", width, width, 3, 1) : null;
            up.add(new Level(blocks, attention, upsample));
        }
        this.outNorm = new GroupNorm(store, "out.norm", width, config.groupsFor(width));
        this.outConv = ConvLayer.zeroInit(store, "out.conv", width, config.latentChannels(), 3);
    }

    @Override
    public NDArray predictNoise(NDArray noisyLatent, NDArray queryLatent, NDArray timesteps, LoraContext lora) {
        Shape shape = noisyLatent.getShape();
        if (!shape.equals(queryLatent.getShape())) {
            throw new IllegalArgumentException("noisy latent " + shape + " and query latent "
                    + queryLatent.getShape() + " differ");
        }
        if (shape.dimension() != 4 || shape.get(1) != config.latentChannels()) {
            throw new IllegalArgumentException("expected latents [B, " + config.latentChannels() + ", h, w], got "
                    + shape);
        }
        if (!timesteps.getShape().equals(new Shape(shape.get(0)))) {
            throw new IllegalArgumentException("expected one timestep per sample [" + shape.get(0) + "], got "
                    + timesteps.getShape());
        }
        int multiple = config.downscale();
        if (shape.get(2) % multiple != 0 || shape.get(3) % multiple != 0) {
            throw new IllegalArgumentException("latent size " + shape.get(2) + "×" + shape.get(3)
                    + " must be divisible by " + multiple);
        }
        NDArray timeFeatures = Activations.silu(time.forward(timesteps));
        NDArray h = convIn.forward(noisyLatent.concat(queryLatent, 1));
        Deque<NDArray> skips = new ArrayDeque<>();
        skips.push(h);
        for (Level level : down) {
            for (int i = 0; i < level.blocks().size(); i++) {
                h = level.blocks().get(i).forward(h, timeFeatures, lora);
                if (!level.attention().isEmpty()) {
                    h = level.attention().get(i).forward(h, lora);
                }
                skips.push(h);
            }
            if (level.resample() != null) {
                h = level.resample().forward(h);
                skips.push(h);
            }
        }
        h = midFirst.forward(h, timeFeatures, lora);
        h = midAttention.forward(h, lora);
        h = midSecond.forward(h, timeFeatures, lora);
        for (Level level : up) {
            for (int i = 0; i < level.blocks().size(); i++) {
                h = NDArrays.concat(new NDList(h, skips.pop()), 1);
                h = level.blocks().get(i).forward(h, timeFeatures, lora);
                if (!level.attention().isEmpty()) {
                    h = level.attention().get(i).forward(h, lora);
                }
            }
            if (level.resample() != null) {
                h = level.resample().forward(h.repeat(2, 2).repeat(3, 2));
            }
        }
        return outConv.forward(Activations.silu(outNorm.forward(h)));
    }

    @Override
    public List<LoraSlot> slots() {
        return store.slots();
    }

    public UNetConfig config() {
        return config;
    }

    /** The network's parameters (for training, saving and merging LoRAs). */
    public ParameterStore parameters() {
        return store;
    }
}
