package studio.loc.hypernet.net;

import ai.djl.ndarray.NDArray;
import studio.loc.diffusion.lora.LoraContext;
import studio.loc.diffusion.nn.Attention;
import studio.loc.diffusion.nn.LayerNormLayer;
import studio.loc.diffusion.nn.ParameterStore;

/**
 * A pre-norm transformer decoder block over the slot queries: self-attention lets slots coordinate (a colour
 * change spread over several layers), cross-attention reads the fused before/after tokens, then an MLP.
 */
final class DecoderBlock {

    private final LayerNormLayer selfNorm;
    private final Attention self;
    private final LayerNormLayer crossNorm;
    private final Attention cross;
    private final LayerNormLayer mlpNorm;
    private final Mlp mlp;

    DecoderBlock(ParameterStore store, String name, HypernetConfig config) {
        int width = config.width();
        this.selfNorm = new LayerNormLayer(store, name + ".self_norm", width);
        this.self = Attention.plain(store, name + ".self", width, config.heads());
        this.crossNorm = new LayerNormLayer(store, name + ".cross_norm", width);
        this.cross = Attention.cross(store, name + ".cross", width, width, config.heads());
        this.mlpNorm = new LayerNormLayer(store, name + ".mlp_norm", width);
        this.mlp = new Mlp(store, name + ".mlp", width, config.mlpRatio());
    }

    /**
     * @param queries [B, slots, width]
     * @param context fused pair tokens [B, tokens, width], already normalised
     */
    NDArray forward(NDArray queries, NDArray context) {
        NDArray q = queries.add(self.forward(selfNorm.forward(queries), LoraContext.NONE));
        q = q.add(cross.forward(crossNorm.forward(q), context, LoraContext.NONE));
        return q.add(mlp.forward(mlpNorm.forward(q)));
    }
}
