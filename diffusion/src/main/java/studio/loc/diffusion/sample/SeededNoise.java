package studio.loc.diffusion.sample;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import java.util.Random;

/**
 * Gaussian noise drawn in Java from a seeded {@link Random}, never from the engine's generator: the same seed then
 * gives the same picture on every engine, thread and device, and training resumes replay the same draws.
 */
public final class SeededNoise {

    private SeededNoise() {
    }

    public static NDArray normal(NDManager manager, Shape shape, Random random) {
        float[] values = new float[Math.toIntExact(shape.size())];
        for (int i = 0; i < values.length; i++) {
            values[i] = (float) random.nextGaussian();
        }
        return manager.create(values, shape);
    }

    public static NDArray normal(NDManager manager, Shape shape, long seed) {
        return normal(manager, shape, new Random(seed));
    }
}
