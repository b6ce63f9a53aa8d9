package studio.loc.hypernet.net;

import ai.djl.ndarray.NDArray;
import studio.loc.diffusion.lora.LoraContext;
import studio.loc.diffusion.nn.Attention;
import studio.loc.diffusion.nn.LayerNormLayer;
import studio.loc.diffusion.nn.ParameterStore;

/** A pre-norm ViT block: x + attn(norm(x)), then x + mlp(norm(x)). */
final class EncoderBlock {

    private final LayerNormLayer attnNorm;
    private final Attention attention;
    private final LayerNormLayer mlpNorm;
    private final Mlp mlp;

    EncoderBlock(ParameterStore store, String name, HypernetConfig config) {
        this.attnNorm = new LayerNormLayer(store, name + ".attn_norm", config.width());
        this.attention = Attention.plain(store, name + ".attn", config.width(), config.heads());
        this.mlpNorm = new LayerNormLayer(store, name + ".mlp_norm", config.width());
        this.mlp = new Mlp(store, name + ".mlp", config.width(), config.mlpRatio());
    }

    NDArray forward(NDArray x) {
        NDArray h = x.add(attention.forward(attnNorm.forward(x), LoraContext.NONE));
        return h.add(mlp.forward(mlpNorm.forward(h)));
    }
}
