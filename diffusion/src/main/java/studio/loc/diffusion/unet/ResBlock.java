package studio.loc.diffusion.unet;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.types.Shape;
import studio.loc.diffusion.lora.LoraContext;
import studio.loc.diffusion.nn.Activations;
import studio.loc.diffusion.nn.ConvLayer;
import studio.loc.diffusion.nn.GroupNorm;
import studio.loc.diffusion.nn.LinearLayer;
import studio.loc.diffusion.nn.ParameterStore;

/**
 * GroupNorm → SiLU → conv3×3 → + time projection → GroupNorm → SiLU → conv3×3, plus the input (through a 1×1
 * conv when the width changes). Both 3×3 convs are LoRA slots. The second starts at zero so a fresh block is the
 * identity on its skip path, which keeps a deep network's start stable.
 */
final class ResBlock {

    private final GroupNorm norm1;
    private final ConvLayer conv1;
    private final LinearLayer timeProjection;
    private final GroupNorm norm2;
    private final ConvLayer conv2;
    private final ConvLayer skip;

    ResBlock(ParameterStore store, String name, int in, int out, int timeEmbedDim, UNetConfig config) {
        this.norm1 = new GroupNorm(store, name + ".norm1", in, config.groupsFor(in));
        this.conv1 = ConvLayer.slotted(store, name + ".conv1", in, out, 3);
        this.timeProjection = LinearLayer.plain(store, name + ".time_proj", timeEmbedDim, out);
        this.norm2 = new GroupNorm(store, name + ".norm2", out, config.groupsFor(out));
        this.conv2 = ConvLayer.slotted(store, name + ".conv2", out, out, 3);
        ZeroStart.zero(store, name + ".conv2.weight");
        this.skip = in == out ? null : ConvLayer.plain(store, name + ".skip", in, out, 1, 1);
    }

    /** @param x [B, in, H, W]; @param timeFeatures SiLU of the time embedding [B, timeEmbedDim] */
    NDArray forward(NDArray x, NDArray timeFeatures, LoraContext lora) {
        NDArray h = conv1.forward(Activations.silu(norm1.forward(x)), lora);
        NDArray t = timeProjection.forward(timeFeatures);
        Shape ts = t.getShape();
        h = h.add(t.reshape(ts.get(0), ts.get(1), 1, 1));
        h = conv2.forward(Activations.silu(norm2.forward(h)), lora);
        NDArray residual = skip == null ? x : skip.forward(x);
        return residual.add(h);
    }
}
