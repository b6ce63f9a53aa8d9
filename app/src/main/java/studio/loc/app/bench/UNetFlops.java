package studio.loc.app.bench;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import studio.loc.diffusion.unet.UNetConfig;

/**
 * Counts the FLOPs of one UNet evaluation from its config alone, walking the same structure {@code UNet} builds:
 * convolutions, linear projections and the two attention products, 2 FLOPs per multiply-add, for one sample
 * (a batch of B costs B times as much). Not counted, because they are a few percent at most and memory-bound
 * rather than arithmetic-bound: normalisations, activations, additions and concatenations, the softmax, the
 * attention scale, biases, the sinusoidal timestep features and the nearest-neighbour upsampling. A merged LoRA
 * costs nothing extra; a per-sample LoRA's own products are not counted either.
 */
public final class UNetFlops {

    private UNetFlops() {
    }

    /** One evaluation on a latent of {@code height} × {@code width} (divisible by the config's downscale). */
    public static FlopCount count(UNetConfig config, int height, int width) {
        if (height < 1 || width < 1 || height % config.downscale() != 0 || width % config.downscale() != 0) {
            throw new IllegalArgumentException("latent size " + height + "×" + width + " must be positive and "
                    + "divisible by " + config.downscale());
        }
        Counter count = new Counter();
        List<Integer> ch = config.channels();
        int levels = ch.size();
        int temb = config.timeEmbedDim();
        int frequencies = ch.getFirst() / 2;
        count.linear("time.linear1", 1, 2 * frequencies, temb);
        count.linear("time.linear2", 1, temb, temb);
        count.conv("conv_in", 2 * config.latentChannels(), ch.getFirst(), 3, height, width);

        Deque<Integer> skipWidths = new ArrayDeque<>();
        skipWidths.push(ch.getFirst());
        int channels = ch.getFirst();
        for (int level = 0; level < levels; level++) {
            String prefix = "down." + level;
            int h = height >> level;
            int w = width >> level;
            for (int i = 0; i < config.resBlocksPerLevel(); i++) {
                count.resBlock(prefix + ".res." + i, channels, ch.get(level), temb, h, w);
                channels = ch.get(level);
                if (config.attends(level)) {
                    count.attention(prefix + ".attn." + i, channels, h * w);
                }
                skipWidths.push(channels);
            }
            if (level < levels - 1) {
                count.conv(prefix + ".downsample", channels, channels, 3, h / 2, w / 2);
                skipWidths.push(channels);
            }
        }
        int lowH = height >> (levels - 1);
        int lowW = width >> (levels - 1);
        count.resBlock("mid.res.0", channels, channels, temb, lowH, lowW);
        count.attention("mid.attn", channels, lowH * lowW);
        count.resBlock("mid.res.1", channels, channels, temb, lowH, lowW);

        for (int k = 0; k < levels; k++) {
            int level = levels - 1 - k;
            String prefix = "up." + k;
            int h = height >> level;
            int w = width >> level;
            for (int i = 0; i <= config.resBlocksPerLevel(); i++) {
                count.resBlock(prefix + ".res." + i, channels + skipWidths.pop(), ch.get(level), temb, h, w);
                channels = ch.get(level);
                if (config.attends(level)) {
                    count.attention(prefix + ".attn." + i, channels, h * w);
                }
            }
            if (level > 0) {
                count.conv(prefix + ".upsample", channels, channels, 3, h * 2, w * 2);
            }
        }
        count.conv("out.conv", channels, config.latentChannels(), 3, height, width);
        return new FlopCount(count.layers);
    }

    /** Collects layers; output sizes are given, so strides need no special case. */
    private static final class Counter {
        private final List<FlopCount.Layer> layers = new ArrayList<>();

        void conv(String name, long in, long out, long kernel, long outH, long outW) {
            add(name, FlopCount.Kind.CONVOLUTION, in * out * kernel * kernel * outH * outW);
        }

        void linear(String name, long tokens, long in, long out) {
            add(name, FlopCount.Kind.LINEAR, tokens * in * out);
        }

        void resBlock(String name, int in, int out, int temb, int h, int w) {
            conv(name + ".conv1", in, out, 3, h, w);
            linear(name + ".time_proj", 1, temb, out);
            conv(name + ".conv2", out, out, 3, h, w);
            if (in != out) {
                conv(name + ".skip", in, out, 1, h, w);
            }
        }

        /** Self-attention over {@code tokens} pixels: per head N×N×d products, N²·C over all heads. */
        void attention(String name, long channels, long tokens) {
            for (String projection : List.of("q", "k", "v")) {
                linear(name + "." + projection, tokens, channels, channels);
            }
            add(name + ".scores", FlopCount.Kind.ATTENTION_MATMUL, tokens * tokens * channels);
            add(name + ".mix", FlopCount.Kind.ATTENTION_MATMUL, tokens * tokens * channels);
            linear(name + ".out", tokens, channels, channels);
        }

        private void add(String name, FlopCount.Kind kind, long multiplyAdds) {
            layers.add(new FlopCount.Layer(name, kind, 2 * multiplyAdds));
        }
    }
}
