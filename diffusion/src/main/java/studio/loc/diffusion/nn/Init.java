package studio.loc.diffusion.nn;

import ai.djl.ndarray.types.Shape;
import java.util.Arrays;
import java.util.Random;

/** How a parameter starts. Values are drawn in Java from the store's seeded generator (reproducible). */
@FunctionalInterface
public interface Init {

    float[] sample(Shape shape, Random random);

    static Init constant(float value) {
        return (shape, random) -> {
            float[] values = new float[Math.toIntExact(shape.size())];
            Arrays.fill(values, value);
            return values;
        };
    }

    static Init zeros() {
        return constant(0f);
    }

    static Init ones() {
        return constant(1f);
    }

    static Init normal(double std) {
        return (shape, random) -> {
            float[] values = new float[Math.toIntExact(shape.size())];
            for (int i = 0; i < values.length; i++) {
                values[i] = (float) (random.nextGaussian() * std);
            }
            return values;
        };
    }

    /**
     * He/Kaiming-style uniform init with fan-in = product of all but the first dimension (PyTorch's default for
     * Linear/Conv weights: U(−1/√fanIn, 1/√fanIn)), scaled by {@code gain}.
     */
    static Init fanIn(double gain) {
        return (shape, random) -> {
            long fanIn = shape.size() / shape.get(0);
            double bound = gain / Math.sqrt(Math.max(1, fanIn));
            float[] values = new float[Math.toIntExact(shape.size())];
            for (int i = 0; i < values.length; i++) {
                values[i] = (float) ((random.nextDouble() * 2 - 1) * bound);
            }
            return values;
        };
    }
}
