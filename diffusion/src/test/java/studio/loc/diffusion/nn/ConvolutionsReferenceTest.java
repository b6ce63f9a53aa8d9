package studio.loc.diffusion.nn;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.GradientCollector;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import studio.loc.diffusion.testing.Float64Reference;

/**
 * Convolution forward, input gradient and weight gradient against a float64 reference written as plain loops. The
 * shapes include those on which PyTorch's oneDNN convolution is wrong on AVX-512 CPUs (24 and 40 input channels,
 * 8/24/40 output channels in the backward pass, stride 2 with 48 channels, batches above one, inputs large enough
 * for oneDNN even at batch one), for the way the networks convolve and for the exact fallback.
 * .ci/run runs this under the default instruction set and under AVX2.
 */
class ConvolutionsReferenceTest {


    record Case(int batch, int in, int out, int kernel, int stride, int size) {
        int padding() {
            return kernel / 2;
        }

        int outSize() {
            return (size + 2 * padding() - kernel) / stride + 1;
        }

        @Override
        public String toString() {
            return "b" + batch + " " + in + "→" + out + " k" + kernel + " s" + stride + " " + size + "px";
        }
    }

    static List<Case> cases() {
        List<Case> cases = new ArrayList<>();
        for (int[] channels : new int[][] {{3, 8}, {8, 24}, {24, 8}, {24, 32}, {40, 40}, {48, 16}, {64, 64}}) {
            cases.add(new Case(2, channels[0], channels[1], 3, 1, 8));
            cases.add(new Case(2, channels[0], channels[1], 3, 2, 8));
            cases.add(new Case(1, channels[0], channels[1], 3, 1, 32));
        }
        cases.add(new Case(3, 24, 40, 1, 1, 6));
        cases.add(new Case(2, 3, 16, 4, 4, 16));
        return cases;
    }

    private NDManager manager;
    private final Random random = new Random(7);

    @BeforeEach
    void open() {
        manager = NDManager.newBaseManager();
    }

    @AfterEach
    void close() {
        manager.close();
    }

    @Test
    void libtorchsOneDnnConvolutionsAreOffOnLinux() {
        // Otherwise every convolution silently takes the slower exact fallback.
        assumeTrue(System.getProperty("os.name").startsWith("Linux"), "the switch is checked where CI runs");
        assertTrue(OneDnnConvolutions.disabled(), "libtorch's oneDNN switch was not found");
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void forwardAndGradientsMatchTheReference(Case c) {
        check(c, (x, w, b) -> Convolutions.conv2d(x, w, b, c.stride(), c.padding()));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void thePatchProductFallbackMatchesTheReference(Case c) {
        check(c, (x, w, b) -> Convolutions.patchProduct(x, w, b, c.stride(), c.padding()));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void perSampleKernelsMatchTheReferenceBothWays(Case c) {
        assumeTrue(c.stride() == 1, "per-sample kernels are used at stride 1 only");
        // The same weight given to every sample as its own kernels must give the shared-weight convolution.
        Convolution perSample = (x, w, b) -> Convolutions.perSampleConv2d(x, kernelsPerSample(w, c), c.kernel(),
                c.padding()).add(b.reshape(1, c.out(), 1, 1));
        Convolution fallback = (x, w, b) -> Convolutions.perSamplePatchProduct(x, kernelsPerSample(w, c), c.kernel(),
                c.padding()).add(b.reshape(1, c.out(), 1, 1));
        check(c, perSample);
        check(c, fallback);
    }

    private static NDArray kernelsPerSample(NDArray weight, Case c) {
        return weight.reshape(1, c.out(), -1).broadcast(new Shape(c.batch(), c.out(), (long) c.in() * c.kernel()
                * c.kernel()));
    }

    @FunctionalInterface
    private interface Convolution {
        NDArray apply(NDArray x, NDArray weight, NDArray bias);
    }

    private void check(Case c, Convolution convolution) {
        int k = c.kernel();
        int n = c.size();
        int m = c.outSize();
        float[] x = values(c.batch() * c.in() * n * n);
        float[] w = values(c.out() * c.in() * k * k);
        float[] bias = values(c.out());
        float[] seed = values(c.batch() * c.out() * m * m);

        NDArray input = manager.create(x, new Shape(c.batch(), c.in(), n, n));
        NDArray weight = manager.create(w, new Shape(c.out(), c.in(), k, k));
        input.setRequiresGradient(true);
        weight.setRequiresGradient(true);
        float[] y;
        try (GradientCollector collector = Engine.getInstance().newGradientCollector()) {
            NDArray out = convolution.apply(input, weight, manager.create(bias));
            assertEquals(new Shape(c.batch(), c.out(), m, m), out.getShape());
            y = out.toFloatArray();
            collector.backward(out.mul(manager.create(seed, out.getShape())).sum());
        }

        double[] expected = new double[y.length];
        double[] gradInput = new double[x.length];
        double[] gradWeight = new double[w.length];
        for (int b = 0; b < c.batch(); b++) {
            for (int o = 0; o < c.out(); o++) {
                for (int i = 0; i < m; i++) {
                    for (int j = 0; j < m; j++) {
                        int at = ((b * c.out() + o) * m + i) * m + j;
                        double sum = bias[o];
                        for (int ch = 0; ch < c.in(); ch++) {
                            for (int ky = 0; ky < k; ky++) {
                                for (int kx = 0; kx < k; kx++) {
                                    int yy = i * c.stride() + ky - c.padding();
                                    int xx = j * c.stride() + kx - c.padding();
                                    if (yy < 0 || yy >= n || xx < 0 || xx >= n) {
                                        continue;
                                    }
                                    int xi = ((b * c.in() + ch) * n + yy) * n + xx;
                                    int wi = ((o * c.in() + ch) * k + ky) * k + kx;
                                    sum += (double) w[wi] * x[xi];
                                    gradInput[xi] += (double) seed[at] * w[wi];
                                    gradWeight[wi] += (double) seed[at] * x[xi];
                                }
                            }
                        }
                        expected[at] = sum;
                    }
                }
            }
        }
        Float64Reference.assertClose(c + " forward", expected, y);
        Float64Reference.assertClose(c + " d/d input", gradInput, input.getGradient().toFloatArray());
        Float64Reference.assertClose(c + " d/d weight", gradWeight, weight.getGradient().toFloatArray());
    }

    private float[] values(int n) {
        float[] v = new float[n];
        for (int i = 0; i < n; i++) {
            v[i] = (float) random.nextGaussian();
        }
        return v;
    }
}
