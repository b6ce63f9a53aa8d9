package studio.loc.diffusion.codec;

import ai.djl.ndarray.NDArray;
import studio.loc.diffusion.nn.Activations;
import studio.loc.diffusion.nn.ConvLayer;
import studio.loc.diffusion.nn.GroupNorm;
import studio.loc.diffusion.nn.ParameterStore;

/** GroupNorm → SiLU → conv3×3, twice, plus the input (1×1 conv when the width changes). No time, no LoRA slots. */
final class CodecResBlock {

    private final GroupNorm norm1;
    private final ConvLayer conv1;
    private final GroupNorm norm2;
    private final ConvLayer conv2;
    private final ConvLayer skip;

    CodecResBlock(ParameterStore store, String name, int in, int out, AutoencoderConfig config) {
        this.norm1 = new GroupNorm(store, name + ".norm1", in, config.groupsFor(in));
        this.conv1 = ConvLayer.plain(store, name + ".conv1", in, out, 3, 1);
        this.norm2 = new GroupNorm(store, name + ".norm2", out, config.groupsFor(out));
        this.conv2 = ConvLayer.zeroInit(store, name + ".conv2", out, out, 3);
        this.skip = in == out ? null : ConvLayer.plain(store, name + ".skip", in, out, 1, 1);
    }

    NDArray forward(NDArray x) {
        NDArray h = conv1.forward(Activations.silu(norm1.forward(x)));
        h = conv2.forward(Activations.silu(norm2.forward(h)));
        return (skip == null ? x : skip.forward(x)).add(h);
    }
}
