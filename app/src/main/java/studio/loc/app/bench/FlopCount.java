package studio.loc.app.bench;

import java.util.List;

/**
 * The floating-point operations of one network evaluation, layer by layer. One multiply-add counts as 2 FLOPs.
 *
 * @param layers every counted operation, in execution order
 */
public record FlopCount(List<Layer> layers) {

    /** What kind of operation a layer is. */
    public enum Kind {
        /** A convolution (any kernel, any stride). */
        CONVOLUTION,
        /** A linear projection (attention q/k/v/out, the timestep MLP and time projections). */
        LINEAR,
        /** An attention score (Q·Kᵀ) or mixing (softmax·V) product. */
        ATTENTION_MATMUL
    }

    /**
     * @param name the parameter prefix of the layer, as in the network's weight file ({@code down.0.res.0.conv1});
     *             attention products are {@code <block>.scores} and {@code <block>.mix}
     */
    public record Layer(String name, Kind kind, long flops) {
    }

    public FlopCount {
        layers = List.copyOf(layers);
    }

    public long total() {
        return layers.stream().mapToLong(Layer::flops).sum();
    }

    public long total(Kind kind) {
        return layers.stream().filter(l -> l.kind() == kind).mapToLong(Layer::flops).sum();
    }

    /** The count of the layer named {@code name}, or empty. */
    public java.util.Optional<Layer> layer(String name) {
        return layers.stream().filter(l -> l.name().equals(name)).findFirst();
    }
}
