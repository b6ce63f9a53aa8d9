package studio.loc.diffusion.unet;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.types.Shape;
import studio.loc.diffusion.lora.LoraContext;
import studio.loc.diffusion.nn.Attention;
import studio.loc.diffusion.nn.GroupNorm;
import studio.loc.diffusion.nn.ParameterStore;

/**
 * Self-attention over the pixels of a feature map: GroupNorm → tokens [B, H·W, C] → attention (q, k, v, out are
 * LoRA slots) → back to [B, C, H, W] → residual. The output projection starts at zero (identity block at start).
 */
final class AttentionBlock {

    private final GroupNorm norm;
    private final Attention attention;

    AttentionBlock(ParameterStore store, String name, int channels, UNetConfig config) {
        this.norm = new GroupNorm(store, name + ".norm", channels, config.groupsFor(channels));
        this.attention = Attention.slotted(store, name, channels, config.heads());
        ZeroStart.zero(store, name + ".out.weight");
    }

    NDArray forward(NDArray x, LoraContext lora) {
        Shape s = x.getShape();
        long b = s.get(0);
        long c = s.get(1);
        long h = s.get(2);
        long w = s.get(3);
        NDArray tokens = norm.forward(x).reshape(b, c, h * w).transpose(0, 2, 1);
        NDArray attended = attention.forward(tokens, lora);
        return x.add(attended.transpose(0, 2, 1).reshape(b, c, h, w));
    }
}
