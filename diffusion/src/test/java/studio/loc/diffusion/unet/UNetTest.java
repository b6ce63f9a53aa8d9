package studio.loc.diffusion.unet;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.GradientCollector;
import java.util.List;
import org.junit.jupiter.api.Test;
import studio.loc.diffusion.lora.LoraContext;
import studio.loc.diffusion.lora.LoraSet;
import studio.loc.diffusion.lora.LoraSlot;
import studio.loc.diffusion.lora.PerSampleLoraContext;
import studio.loc.diffusion.nn.ParameterStore;
import studio.loc.diffusion.train.AdamOptimizer;

class UNetTest {

    @Test
    void namesFollowTheDiffusersLayoutAndSlotsComeFromConstruction() {
        try (NDManager m = NDManager.newBaseManager(); ParameterStore p = new ParameterStore(m, 1)) {
            UNet unet = new UNet(UNetConfig.tiny(), p);
            assertTrue(p.contains("down.0.res.0.conv1.weight"));
            assertTrue(p.contains("down.1.attn.0.q.weight"));
            assertTrue(p.contains("mid.attn.q.weight"));
            assertTrue(p.contains("up.1.res.0.conv2.weight"));
            assertTrue(p.contains("up.0.upsample.weight"));
            assertTrue(p.contains("out.conv.weight"));
            List<String> slots = unet.slots().stream().map(LoraSlot::name).toList();
            assertEquals("down.0.res.0.conv1", slots.getFirst());
            assertTrue(slots.contains("mid.attn.out"));
            assertTrue(slots.contains("up.1.res.1.conv2"));
            assertEquals(slots, p.slots().stream().map(LoraSlot::name).toList());
            // Decoder input widths include the concatenated skip.
            LoraSlot upFirst = unet.slots().stream().filter(s -> s.name().equals("up.0.res.0.conv1")).findFirst()
                    .orElseThrow();
            assertEquals(32, upFirst.in());
        }
    }

    @Test
    void freshNetworkPredictsZeroAndShapesMatch() {
        try (NDManager m = NDManager.newBaseManager(); ParameterStore p = new ParameterStore(m, 1)) {
            UNet unet = new UNet(UNetConfig.tiny(), p);
            NDArray x = TinyNetworks.normal(m, 101, new Shape(2, 4, 8, 8));
            NDArray eps = unet.predictNoise(x, x.mul(0.5), m.create(new float[] {3, 700}), LoraContext.NONE);
            assertEquals(new Shape(2, 4, 8, 8), eps.getShape());
            assertEquals(0f, eps.abs().max().getFloat());
            assertThrows(IllegalArgumentException.class,
                    () -> unet.predictNoise(m.zeros(new Shape(1, 4, 7, 7)), m.zeros(new Shape(1, 4, 7, 7)),
                            m.zeros(new Shape(1)), LoraContext.NONE));
        }
    }

    @Test
    void forwardPassesLeaveNothingBehindInLongLivedManagers() {
        try (NDManager m = NDManager.newBaseManager(); ParameterStore p = new ParameterStore(m, 1);
             NDManager loraManager = m.newSubManager()) {
            UNet unet = new UNet(UNetConfig.tiny(), p);
            LoraSet lora = TinyNetworks.randomLora(loraManager, unet.slots(), 1, 2, 1f, 1, 0.1);
            int storeArrays = p.manager().getManagedArrays().size();
            int loraArrays = loraManager.getManagedArrays().size();
            for (int i = 0; i < 3; i++) {
                try (NDManager step = m.newSubManager()) {
                    NDArray x = step.ones(new Shape(2, 4, 4, 4));
                    unet.predictNoise(x, x, step.create(new float[] {1, 2}), new PerSampleLoraContext(lora, 0.5f));
                    unet.predictNoise(x, x, step.create(new float[] {1, 2}),
                            new PerSampleLoraContext(lora, step.create(new float[] {1, -1})));
                }
            }
            assertEquals(storeArrays, p.manager().getManagedArrays().size());
            assertEquals(loraArrays, loraManager.getManagedArrays().size());
        }
    }

    @Test
    void learnsToPredictNoiseThatDependsOnTheQueryAndTimestep() {
        try (NDManager m = NDManager.newBaseManager(); ParameterStore p = new ParameterStore(m, 5)) {
            UNet unet = new UNet(UNetConfig.tiny(), p);
            NDArray noisy = TinyNetworks.normal(m, 102, new Shape(2, 4, 4, 4));
            NDArray query = TinyNetworks.normal(m, 103, new Shape(2, 4, 4, 4));
            NDArray t = m.create(new float[] {50, 800});
            NDArray target = query.mul(t.div(1000).reshape(2, 1, 1, 1)).sub(noisy.mul(0.5));
            double first = Double.NaN;
            double last = Double.NaN;
            try (AdamOptimizer adam = new AdamOptimizer(p, p.names(), 0, 1.0)) {
                for (int i = 0; i < 10; i++) {
                    try (NDManager step = m.newSubManager()) {
                        NDArray xs = noisy.duplicate();
                        xs.attach(step);
                        try (GradientCollector gc = Engine.getInstance().newGradientCollector()) {
                            NDArray loss = unet.predictNoise(xs, query, t, LoraContext.NONE).sub(target).square()
                                    .mean();
                            gc.backward(loss);
                            last = loss.getFloat();
                            if (i == 0) {
                                first = last;
                            }
                        }
                        adam.step(1e-2);
                    }
                }
            }
            assertTrue(last < first * 0.3, "loss " + first + " -> " + last);
        }
    }
}
