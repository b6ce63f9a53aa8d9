package studio.loc.app.bench;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import studio.loc.diffusion.progress.CancelledException;
import studio.loc.diffusion.sample.SeededNoise;

/**
 * The machine's practical arithmetic limit: a large square fp32 matrix product on the same engine, threads and
 * process as the network, which BLAS runs close to the CPU's peak. A network step achieving a fraction of this
 * shows how much is left to gain by better kernels rather than by fewer FLOPs.
 *
 * @param size the matrices' side n (2n³ FLOPs per product)
 * @param timing one product
 */
record MatmulPeak(int size, Timing timing) {

    static MatmulPeak measure(int size, Repetitions repetitions, NDManager parent) throws CancelledException {
        try (NDManager inputs = parent.newSubManager()) {
            NDArray a = SeededNoise.normal(inputs, new Shape(size, size), 1);
            NDArray b = SeededNoise.normal(inputs, new Shape(size, size), 2);
            Timing timing = repetitions.time(inputs,
                    scope -> Repetitions.inScope(a, scope).matMul(Repetitions.inScope(b, scope)));
            return new MatmulPeak(size, timing);
        }
    }

    long flops() {
        return 2L * size * size * size;
    }

    /** At the median time. */
    double flopsPerSecond() {
        return flops() / (timing.medianMs() / 1000);
    }
}
