package studio.loc.hypernet.net;

import ai.djl.ndarray.NDArray;
import studio.loc.diffusion.nn.Activations;
import studio.loc.diffusion.nn.LinearLayer;
import studio.loc.diffusion.nn.ParameterStore;

/** The transformer feed-forward: Linear → GELU → Linear, widening by {@code ratio} in between. */
final class Mlp {

    private final LinearLayer in;
    private final LinearLayer out;

    Mlp(ParameterStore store, String name, int width, int ratio) {
        this.in = LinearLayer.plain(store, name + ".in", width, width * ratio);
        this.out = LinearLayer.plain(store, name + ".out", width * ratio, width);
    }

    NDArray forward(NDArray x) {
        return out.forward(Activations.gelu(in.forward(x)));
    }
}
