package studio.loc.diffusion.nn;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.types.Shape;
import studio.loc.diffusion.lora.LoraContext;

/**
 * Multi-head scaled dot-product attention on token sequences [B, N, dim]. Self-attention when the context is the
 * input itself, cross-attention otherwise. The q, k, v and out projections are LoRA slots when built slotted.
 */
public final class Attention {

    private final LinearLayer q;
    private final LinearLayer k;
    private final LinearLayer v;
    private final LinearLayer out;
    private final int heads;
    private final int dim;

    private Attention(ParameterStore store, String name, int dim, int contextDim, int heads, boolean slotted) {
        if (dim % heads != 0) {
            throw new IllegalArgumentException(name + ": width " + dim + " does not split into " + heads + " heads");
        }
        this.dim = dim;
        this.heads = heads;
        this.q = slotted ? LinearLayer.slotted(store, name + ".q", dim, dim) : LinearLayer.plain(store, name + ".q", dim, dim);
        this.k = slotted ? LinearLayer.slotted(store, name + ".k", contextDim, dim)
                : LinearLayer.plain(store, name + ".k", contextDim, dim);
        this.v = slotted ? LinearLayer.slotted(store, name + ".v", contextDim, dim)
                : LinearLayer.plain(store, name + ".v", contextDim, dim);
        this.out = slotted ? LinearLayer.slotted(store, name + ".out", dim, dim)
                : LinearLayer.plain(store, name + ".out", dim, dim);
    }

    /** Attention whose q/k/v/out are LoRA slots (the UNet's). */
    public static Attention slotted(ParameterStore store, String name, int dim, int heads) {
        return new Attention(store, name, dim, dim, heads, true);
    }

    /** Plain self-attention (the hypernetwork's own transformer). */
    public static Attention plain(ParameterStore store, String name, int dim, int heads) {
        return new Attention(store, name, dim, dim, heads, false);
    }

    /** Plain cross-attention from dim-wide queries to contextDim-wide keys/values. */
    public static Attention cross(ParameterStore store, String name, int dim, int contextDim, int heads) {
        return new Attention(store, name, dim, contextDim, heads, false);
    }

    public NDArray forward(NDArray x, LoraContext lora) {
        return forward(x, x, lora);
    }

    /**
     * @param x queries [B, N, dim]
     * @param context keys/values [B, M, contextDim]
     */
    public NDArray forward(NDArray x, NDArray context, LoraContext lora) {
        Shape shape = x.getShape();
        long b = shape.get(0);
        long n = shape.get(1);
        long m = context.getShape().get(1);
        long headDim = dim / heads;
        NDArray qh = splitHeads(q.forward(x, lora), b, n, headDim);
        NDArray kh = splitHeads(k.forward(context, lora), b, m, headDim);
        NDArray vh = splitHeads(v.forward(context, lora), b, m, headDim);
        NDArray scores = qh.batchMatMul(kh.transpose(0, 2, 1)).mul(1.0 / Math.sqrt(headDim));
        NDArray mixed = scores.softmax(-1).batchMatMul(vh);
        NDArray merged = mixed.reshape(b, heads, n, headDim).transpose(0, 2, 1, 3).reshape(b, n, dim);
        return out.forward(merged, lora);
    }

    /** [B, N, dim] → [B·heads, N, headDim] so one batched matmul covers all heads. */
    private NDArray splitHeads(NDArray t, long b, long n, long headDim) {
        return t.reshape(b, n, heads, headDim).transpose(0, 2, 1, 3).reshape(b * heads, n, headDim);
    }
}
