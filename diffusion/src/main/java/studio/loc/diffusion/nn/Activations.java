package studio.loc.diffusion.nn;

import ai.djl.ndarray.NDArray;
import ai.djl.nn.Activation;

/** Activation functions the networks use. */
public final class Activations {

    private Activations() {
    }

    /** SiLU / swish: x·σ(x). */
    public static NDArray silu(NDArray x) {
        return x.mul(Activation.sigmoid(x));
    }

    public static NDArray gelu(NDArray x) {
        return Activation.gelu(x);
    }
}
