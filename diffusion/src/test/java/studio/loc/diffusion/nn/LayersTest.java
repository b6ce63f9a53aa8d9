package studio.loc.diffusion.nn;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.GradientCollector;
import java.util.List;
import org.junit.jupiter.api.Test;
import studio.loc.diffusion.lora.LoraContext;
import studio.loc.diffusion.lora.SlotKind;
import studio.loc.diffusion.train.AdamOptimizer;

class LayersTest {

    @Test
    void groupNormMatchesDirectStatistics() {
        try (NDManager m = NDManager.newBaseManager(); ParameterStore p = new ParameterStore(m, 1)) {
            GroupNorm norm = new GroupNorm(p, "n", 8, 4);
            NDArray x = m.randomNormal(new Shape(2, 8, 3, 5)).mul(3).add(1);
            NDArray y = norm.forward(x);
            NDArray grouped = x.reshape(2, 4, 30);
            NDArray mean = grouped.mean(new int[] {2}, true);
            NDArray var = grouped.sub(mean).square().mean(new int[] {2}, true);
            NDArray expected = grouped.sub(mean).div(var.add(1e-5).sqrt()).reshape(2, 8, 3, 5);
            assertArrayEquals(expected.toFloatArray(), y.toFloatArray(), 1e-4f);
        }
    }

    @Test
    void slottedLayersRegisterSlotsAndAddTheContextDelta() {
        try (NDManager m = NDManager.newBaseManager(); ParameterStore p = new ParameterStore(m, 1)) {
            ConvLayer conv = ConvLayer.slotted(p, "c", 3, 4, 3);
            Attention attn = Attention.slotted(p, "a", 8, 2);
            assertEquals(List.of("c", "a.q", "a.k", "a.v", "a.out"), p.slots().stream().map(s -> s.name()).toList());
            assertEquals(SlotKind.CONV, p.slots().get(0).kind());
            assertEquals(27, p.slots().get(0).downColumns());
            NDArray x = m.randomNormal(new Shape(2, 3, 6, 6));
            NDArray base = conv.forward(x);
            LoraContext ones = (slot, input) -> slot.name().equals("c") ? m.ones(new Shape(2, 4, 6, 6)) : null;
            NDArray shifted = conv.forward(x, ones);
            assertArrayEquals(base.add(1).toFloatArray(), shifted.toFloatArray(), 1e-5f);
            NDArray tokens = m.randomNormal(new Shape(2, 5, 8));
            assertEquals(new Shape(2, 5, 8), attn.forward(tokens, LoraContext.NONE).getShape());
        }
    }

    @Test
    void sameSeedGivesSameWeights() {
        try (NDManager m = NDManager.newBaseManager(); ParameterStore a = new ParameterStore(m, 7);
             ParameterStore b = new ParameterStore(m, 7)) {
            LinearLayer.plain(a, "l", 4, 3);
            LinearLayer.plain(b, "l", 4, 3);
            assertArrayEquals(a.get("l.weight").toFloatArray(), b.get("l.weight").toFloatArray());
        }
    }

    @Test
    void adamFitsALinearMapAndResumesExactly() {
        try (NDManager m = NDManager.newBaseManager(); ParameterStore p = new ParameterStore(m, 3)) {
            LinearLayer layer = LinearLayer.plain(p, "l", 4, 2);
            NDArray x = m.randomNormal(new Shape(64, 4));
            NDArray target = x.matMul(m.create(new float[] {1, -2, 0.5f, 3, 0, 1, -1, 2}, new Shape(4, 2)));
            double first = 0;
            double last = 0;
            try (AdamOptimizer adam = new AdamOptimizer(p, p.names(), 0, 1.0)) {
                for (int i = 0; i < 300; i++) {
                    try (NDManager step = m.newSubManager()) {
                        NDArray xs = x.duplicate();
                        xs.attach(step);
                        try (GradientCollector gc = Engine.getInstance().newGradientCollector()) {
                            NDArray loss = layer.forward(xs).sub(target).square().mean();
                            gc.backward(loss);
                            last = loss.getFloat();
                            if (i == 0) {
                                first = last;
                            }
                        }
                        adam.step(0.05);
                    }
                }
                assertEquals(300, adam.steps());
                assertEquals(300, restoredSteps(adam));
            }
            assertTrue(last < first * 0.01, "loss " + first + " -> " + last);
        }
    }

    private static long restoredSteps(AdamOptimizer adam) {
        var state = adam.state();
        adam.restore(state);
        return adam.steps();
    }
}
