package studio.loc.diffusion.nn;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.norm.LayerNorm;

/**
 * Group normalisation for [N, C, H, W]. DJL 0.32 has none; layer_norm over the (N, G, C/G·H·W) reshape computes
 * exactly the per-group statistics in one fused kernel, and the per-channel affine is applied afterwards.
 */
public final class GroupNorm {

    private static final float EPS = 1e-5f;

    private final NDArray gamma;
    private final NDArray beta;
    private final int groups;

    public GroupNorm(ParameterStore store, String name, int channels, int groups) {
        if (channels % groups != 0) {
            throw new IllegalArgumentException(name + ": " + channels + " channels do not split into " + groups
                    + " groups");
        }
        this.gamma = store.create(name + ".weight", new Shape(channels), Init.ones());
        this.beta = store.create(name + ".bias", new Shape(channels), Init.zeros());
        this.groups = groups;
    }

    /** The largest group count ≤ 32 that divides {@code channels} (the usual UNet choice). */
    public static int groupsFor(int channels) {
        for (int g = Math.min(32, channels); g > 1; g--) {
            if (channels % g == 0) {
                return g;
            }
        }
        return 1;
    }

    public NDArray forward(NDArray x) {
        Shape shape = x.getShape();
        long n = shape.get(0);
        long c = shape.get(1);
        long perGroup = shape.size() / (n * groups);
        NDArray grouped = x.reshape(n, groups, perGroup);
        // DJL's layer_norm needs an affine; a unit one keeps it a pure normalisation (the real affine is per channel).
        NDArray unit = x.getManager().ones(new Shape(perGroup));
        NDArray zero = x.getManager().zeros(new Shape(perGroup));
        NDArray normalised = LayerNorm.layerNorm(grouped, new Shape(perGroup), unit, zero, EPS).singletonOrThrow();
        NDArray back = normalised.reshape(shape);
        // Reshaped parameters would otherwise belong to the store's long-lived manager and pile up, one per call.
        NDArray scale = gamma.reshape(1, c, 1, 1);
        NDArray shift = beta.reshape(1, c, 1, 1);
        scale.attach(x.getManager());
        shift.attach(x.getManager());
        return back.mul(scale).add(shift);
    }
}
