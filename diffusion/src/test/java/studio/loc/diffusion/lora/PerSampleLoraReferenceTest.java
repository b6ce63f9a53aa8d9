package studio.loc.diffusion.lora;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.GradientCollector;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import studio.loc.diffusion.testing.Float64Reference;

/**
 * The per-sample LoRA against a float64 reference written as plain loops, forward and backward, for a batch of
 * per-sample LoRAs and for one LoRA shared by the batch. Which kernel the CPU library picks (oneDNN chooses others on
 * AVX-512) must not change the result beyond float32 rounding; .ci/run runs this under two instruction sets.
 */
class PerSampleLoraReferenceTest {

    private static final int BATCH = 3;
    private static final int RANK = 2;
    private static final float ALPHA = 3f;
    private static final float[] STRENGTHS = {1f, -0.5f, 0.25f};

    private static final int H = 7;
    private static final int W = 9;
    private static final int TOKENS = 10;

    private NDManager manager;
    private final Random random = new Random(20261204);

    @BeforeEach
    void open() {
        manager = NDManager.newBaseManager();
    }

    @AfterEach
    void close() {
        manager.close();
    }

    /** Odd sizes, and the channel counts of the tiny and the bundled UNet (oneDNN blocks channels by 8 and 16). */
    static List<LoraSlot> convSlots() {
        return List.of(LoraSlot.conv("odd", 6, 5, 3), LoraSlot.conv("tiny", 8, 16, 3), LoraSlot.conv("skip", 24, 8, 3),
                LoraSlot.conv("wide", 32, 32, 3), LoraSlot.conv("deep", 64, 128, 3), LoraSlot.conv("pointwise", 16, 8, 1));
    }

    static List<LoraSlot> linearSlots() {
        return List.of(LoraSlot.linear("odd", 6, 5), LoraSlot.linear("wide", 128, 128));
    }

    @ParameterizedTest
    @MethodSource("convSlots")
    void convForwardAndBackwardMatchTheReferencePerSample(LoraSlot slot) {
        checkConv(slot, BATCH);
    }

    @ParameterizedTest
    @MethodSource("convSlots")
    void convForwardAndBackwardMatchTheReferenceWithOneSharedLora(LoraSlot slot) {
        checkConv(slot, 1);
    }

    @ParameterizedTest
    @MethodSource("linearSlots")
    void linearForwardAndBackwardMatchTheReferencePerSample(LoraSlot slot) {
        checkLinear(slot, BATCH);
    }

    @ParameterizedTest
    @MethodSource("linearSlots")
    void linearForwardAndBackwardMatchTheReferenceWithOneSharedLora(LoraSlot slot) {
        checkLinear(slot, 1);
    }

    private void checkConv(LoraSlot conv, int loraBatch) {
        int in = conv.in();
        int out = conv.out();
        int k = conv.kernel();
        float[] x = values(BATCH * in * H * W);
        float[] down = values(loraBatch * RANK * in * k * k);
        float[] up = values(loraBatch * out * RANK);
        float[] seed = values(BATCH * out * H * W);

        Result got = perSample(conv, x, new Shape(BATCH, in, H, W), down, up, loraBatch, seed);

        double[] low = new double[BATCH * RANK * H * W];
        double[] delta = new double[BATCH * out * H * W];
        double[] gradDown = new double[down.length];
        double[] gradUp = new double[up.length];
        for (int b = 0; b < BATCH; b++) {
            int l = loraBatch == 1 ? 0 : b;
            double s = STRENGTHS[b] * (double) ALPHA / RANK;
            for (int r = 0; r < RANK; r++) {
                for (int y = 0; y < H; y++) {
                    for (int xx = 0; xx < W; xx++) {
                        double sum = 0;
                        for (int c = 0; c < in; c++) {
                            for (int ky = 0; ky < k; ky++) {
                                for (int kx = 0; kx < k; kx++) {
                                    sum += down[downIndex(conv, l, r, c, ky, kx)] * input(x, in, b, c, y + ky - k / 2,
                                            xx + kx - k / 2);
                                }
                            }
                        }
                        low[((b * RANK + r) * H + y) * W + xx] = sum;
                    }
                }
            }
            for (int o = 0; o < out; o++) {
                for (int p = 0; p < H * W; p++) {
                    double sum = 0;
                    for (int r = 0; r < RANK; r++) {
                        sum += s * up[(l * out + o) * RANK + r] * low[(b * RANK + r) * H * W + p];
                    }
                    delta[(b * out + o) * H * W + p] = sum;
                }
            }
            // loss = Σ delta·seed: ∂/∂up[o,r] = s·Σ_p seed·low; ∂/∂down[r,c,ky,kx] = Σ_p (s·Σ_o up·seed)·x(shifted)
            for (int r = 0; r < RANK; r++) {
                double[] back = new double[H * W];
                for (int o = 0; o < out; o++) {
                    double u = s * up[(l * out + o) * RANK + r];
                    double sum = 0;
                    for (int p = 0; p < H * W; p++) {
                        double g = seed[(b * out + o) * H * W + p];
                        sum += s * g * low[(b * RANK + r) * H * W + p];
                        back[p] += u * g;
                    }
                    gradUp[(l * out + o) * RANK + r] += sum;
                }
                for (int c = 0; c < in; c++) {
                    for (int ky = 0; ky < k; ky++) {
                        for (int kx = 0; kx < k; kx++) {
                            double sum = 0;
                            for (int y = 0; y < H; y++) {
                                for (int xx = 0; xx < W; xx++) {
                                    sum += back[y * W + xx] * input(x, in, b, c, y + ky - k / 2,
                                            xx + kx - k / 2);
                                }
                            }
                            gradDown[downIndex(conv, l, r, c, ky, kx)] += sum;
                        }
                    }
                }
            }
        }
        Float64Reference.assertClose("conv delta", delta, got.delta);
        Float64Reference.assertClose("conv d/d down", gradDown, got.gradDown);
        Float64Reference.assertClose("conv d/d up", gradUp, got.gradUp);
    }

    private void checkLinear(LoraSlot linear, int loraBatch) {
        int in = linear.in();
        int out = linear.out();
        float[] x = values(BATCH * TOKENS * in);
        float[] down = values(loraBatch * RANK * in);
        float[] up = values(loraBatch * out * RANK);
        float[] seed = values(BATCH * TOKENS * out);

        Result got = perSample(linear, x, new Shape(BATCH, TOKENS, in), down, up, loraBatch, seed);

        double[] delta = new double[BATCH * TOKENS * out];
        double[] gradDown = new double[down.length];
        double[] gradUp = new double[up.length];
        for (int b = 0; b < BATCH; b++) {
            int l = loraBatch == 1 ? 0 : b;
            double s = STRENGTHS[b] * (double) ALPHA / RANK;
            for (int t = 0; t < TOKENS; t++) {
                double[] low = new double[RANK];
                for (int r = 0; r < RANK; r++) {
                    for (int c = 0; c < in; c++) {
                        low[r] += down[(l * RANK + r) * in + c] * x[(b * TOKENS + t) * in + c];
                    }
                }
                double[] back = new double[RANK];
                for (int o = 0; o < out; o++) {
                    double g = seed[(b * TOKENS + t) * out + o];
                    for (int r = 0; r < RANK; r++) {
                        double u = s * up[(l * out + o) * RANK + r];
                        delta[(b * TOKENS + t) * out + o] += u * low[r];
                        gradUp[(l * out + o) * RANK + r] += s * g * low[r];
                        back[r] += u * g;
                    }
                }
                for (int r = 0; r < RANK; r++) {
                    for (int c = 0; c < in; c++) {
                        gradDown[(l * RANK + r) * in + c] += back[r] * x[(b * TOKENS + t) * in + c];
                    }
                }
            }
        }
        Float64Reference.assertClose("linear delta", delta, got.delta);
        Float64Reference.assertClose("linear d/d down", gradDown, got.gradDown);
        Float64Reference.assertClose("linear d/d up", gradUp, got.gradUp);
    }

    private record Result(float[] delta, float[] gradDown, float[] gradUp) {
    }

    private Result perSample(LoraSlot slot, float[] x, Shape inputShape, float[] down, float[] up, int loraBatch,
                             float[] seed) {
        NDArray input = manager.create(x, inputShape);
        NDArray downArray = manager.create(down, new Shape(loraBatch, RANK, slot.downColumns()));
        NDArray upArray = manager.create(up, new Shape(loraBatch, slot.out(), RANK));
        downArray.setRequiresGradient(true);
        upArray.setRequiresGradient(true);
        LoraSet set = new LoraSet(List.of(slot), Map.of(slot.name(), new LoraSet.Factors(downArray, upArray)), RANK,
                ALPHA);
        NDArray strengths = manager.create(STRENGTHS);
        float[] delta;
        try (GradientCollector collector = Engine.getInstance().newGradientCollector()) {
            NDArray out = new PerSampleLoraContext(set, strengths).delta(slot, input);
            delta = out.toFloatArray();
            NDArray seedArray = manager.create(seed, out.getShape());
            collector.backward(out.mul(seedArray).sum());
        }
        return new Result(delta, downArray.getGradient().toFloatArray(), upArray.getGradient().toFloatArray());
    }

    private static int downIndex(LoraSlot conv, int lora, int r, int c, int ky, int kx) {
        int k = conv.kernel();
        return (((lora * RANK + r) * conv.in() + c) * k + ky) * k + kx;
    }

    /** The input with the conv's zero padding. */
    private static double input(float[] x, int channels, int b, int c, int y, int xx) {
        if (y < 0 || y >= H || xx < 0 || xx >= W) {
            return 0;
        }
        return x[((b * channels + c) * H + y) * W + xx];
    }

    private float[] values(int n) {
        float[] v = new float[n];
        for (int i = 0; i < n; i++) {
            v[i] = (float) random.nextGaussian();
        }
        return v;
    }
}
