package studio.loc.diffusion.nn;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.norm.LayerNorm;

/** Layer normalisation over the last axis with a learned affine (weight/bias), as in transformers. */
public final class LayerNormLayer {

    private static final float EPS = 1e-5f;

    private final NDArray gamma;
    private final NDArray beta;
    private final int dim;

    public LayerNormLayer(ParameterStore store, String name, int dim) {
        this.gamma = store.create(name + ".weight", new Shape(dim), Init.ones());
        this.beta = store.create(name + ".bias", new Shape(dim), Init.zeros());
        this.dim = dim;
    }

    public NDArray forward(NDArray x) {
        return LayerNorm.layerNorm(x, new Shape(dim), gamma, beta, EPS).singletonOrThrow();
    }
}
