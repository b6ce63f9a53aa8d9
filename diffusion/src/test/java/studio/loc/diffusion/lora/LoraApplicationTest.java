package studio.loc.diffusion.lora;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.GradientCollector;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import studio.loc.diffusion.nn.ParameterStore;
import studio.loc.diffusion.unet.TinyNetworks;
import studio.loc.diffusion.unet.UNet;
import studio.loc.diffusion.unet.UNetConfig;

class LoraApplicationTest {

    private NDManager manager;
    private ParameterStore store;
    private UNet unet;
    private NDArray noisy;
    private NDArray query;
    private NDArray timesteps;

    @BeforeEach
    void buildNetwork() {
        manager = NDManager.newBaseManager();
        store = new ParameterStore(manager, 11);
        unet = new UNet(UNetConfig.tiny(), store);
        TinyNetworks.randomise(store, 12, 0.05);
        noisy = TinyNetworks.normal(manager, 101, new Shape(1, 4, 8, 8));
        query = TinyNetworks.normal(manager, 102, new Shape(1, 4, 8, 8));
        timesteps = manager.create(new float[] {250});
    }

    @AfterEach
    void close() {
        store.close();
        manager.close();
    }

    private float[] run(LoraContext lora) {
        return unet.predictNoise(noisy, query, timesteps, lora).toFloatArray();
    }

    private LoraSet random(long seed) {
        return TinyNetworks.randomLora(manager, unet.slots(), 1, 2, 1f, seed, 0.2);
    }

    @Test
    void zeroLoraLeavesTheOutputBitIdentical() throws LoraShapeException {
        float[] base = run(LoraContext.NONE);
        LoraSet zero = LoraSets.zeros(manager, unet.slots(), 1, 4, 4f);
        assertArrayEquals(base, run(new PerSampleLoraContext(zero, 1f)));
        try (LoraMerger merger = new LoraMerger(store)) {
            merger.merge(zero, 1f);
            assertArrayEquals(base, run(LoraContext.NONE));
        }
    }

    @Test
    void mergedAndPerSampleAgreeAndUnmergeRestoresBitExactly() throws LoraShapeException {
        Map<String, float[]> before = snapshot();
        float[] base = run(LoraContext.NONE);
        LoraSet lora = random(1);
        float[] perSample = run(new PerSampleLoraContext(lora, 0.7f));
        assertTrue(maxDifference(base, perSample) > 1e-3, "the LoRA must change the output");
        try (LoraMerger merger = new LoraMerger(store)) {
            merger.merge(lora, 0.7f);
            assertTrue(merger.isMerged());
            assertArrayEquals(perSample, run(LoraContext.NONE), 1e-4f);
            merger.unmerge();
            assertFalse(merger.isMerged());
        }
        Map<String, float[]> after = snapshot();
        for (String name : before.keySet()) {
            assertArrayEquals(before.get(name), after.get(name), name);
        }
        assertArrayEquals(base, run(LoraContext.NONE));
    }

    @Test
    void strengthMinusOneEqualsNegatedUpMatrices() {
        LoraSet lora = random(2);
        float[] reversed = run(new PerSampleLoraContext(lora, -1f));
        float[] negated = run(new PerSampleLoraContext(LoraSets.negated(lora), 1f));
        assertArrayEquals(reversed, negated, 1e-6f);
    }

    @Test
    void composingEqualsConcatenatingAlongTheRankAndApplyingBoth() throws LoraShapeException {
        LoraSet a = random(3);
        LoraSet b = TinyNetworks.randomLora(manager, unet.slots(), 1, 3, 1.5f, 4, 0.2);
        LoraSet both = LoraSets.compose(a, b);
        assertEquals(5, both.rank());
        LoraSlot slot = unet.slots().getFirst();
        // α/r folded into the up factors: [U_a·(α_a/r_a) | U_b·(α_b/r_b)] with scale 1.
        NDArray expectedUp = a.get(slot.name()).up().mul(a.scale()).concat(b.get(slot.name()).up().mul(b.scale()), 2);
        assertArrayEquals(expectedUp.toFloatArray(), both.get(slot.name()).up().toFloatArray(), 1e-6f);
        assertArrayEquals(a.get(slot.name()).down().concat(b.get(slot.name()).down(), 1).toFloatArray(),
                both.get(slot.name()).down().toFloatArray());
        assertEquals(1f, both.scale());

        LoraContext ca = new PerSampleLoraContext(a, 1f);
        LoraContext cb = new PerSampleLoraContext(b, 1f);
        LoraContext sum = (s, x) -> ca.delta(s, x).add(cb.delta(s, x));
        assertArrayEquals(run(sum), run(new PerSampleLoraContext(both, 1f)), 1e-4f);
    }

    @Test
    void composingWithAChangeThatLeavesSlotsAloneFillsThemWithZeros() throws LoraShapeException {
        LoraSet a = random(7);
        LoraSet full = random(8);
        Map<String, LoraSet.Factors> attentionOnly = new LinkedHashMap<>();
        full.all().forEach((name, f) -> {
            if (name.contains(".attn.")) {
                attentionOnly.put(name, f);
            }
        });
        LoraSet b = new LoraSet(unet.slots(), attentionOnly, 2, 1f);
        LoraSet both = LoraSets.compose(a, b);
        LoraSets.validate(both, unet.slots());
        LoraContext ca = new PerSampleLoraContext(a, 1f);
        LoraContext cb = new PerSampleLoraContext(b, 1f);
        LoraContext sum = (s, x) -> {
            NDArray da = ca.delta(s, x);
            NDArray db = cb.delta(s, x);
            return db == null ? da : da.add(db);
        };
        assertArrayEquals(run(sum), run(new PerSampleLoraContext(both, 1f)), 1e-4f);
    }

    @Test
    void aMismatchedLoraIsRefusedNamingTheSlot() {
        LoraSet good = random(5);
        Map<String, LoraSet.Factors> factors = new LinkedHashMap<>(good.all());
        String victim = "up.0.res.1.conv1";
        LoraSlot slot = unet.slots().stream().filter(s -> s.name().equals(victim)).findFirst().orElseThrow();
        factors.put(victim, new LoraSet.Factors(manager.zeros(new Shape(1, 2, slot.downColumns() + 9)),
                manager.zeros(new Shape(1, slot.out(), 2))));
        LoraSet bad = new LoraSet(unet.slots(), factors, 2, 1f);
        LoraShapeException refused = assertThrows(LoraShapeException.class,
                () -> LoraSets.validate(bad, unet.slots()));
        assertTrue(refused.getMessage().contains(victim), refused.getMessage());
        try (LoraMerger merger = new LoraMerger(store)) {
            assertThrows(LoraShapeException.class, () -> merger.merge(bad, 1f));
            assertFalse(merger.isMerged());
        }
        Map<String, LoraSet.Factors> foreign = new HashMap<>(good.all());
        foreign.put("not.a.layer", good.all().values().iterator().next());
        LoraShapeException unknown = assertThrows(LoraShapeException.class,
                () -> LoraSets.validate(new LoraSet(unet.slots(), foreign, 2, 1f), unet.slots()));
        assertTrue(unknown.getMessage().contains("not.a.layer"), unknown.getMessage());
    }

    @Test
    void perSampleLorasKeepSamplesApartAndPassGradientsToTheFactors() {
        LoraSet batch = TinyNetworks.randomLora(manager, unet.slots(), 2, 2, 1f, 6, 0.2);
        NDArray noisy2 = TinyNetworks.normal(manager, 103, new Shape(2, 4, 8, 8));
        NDArray query2 = TinyNetworks.normal(manager, 104, new Shape(2, 4, 8, 8));
        NDArray t2 = manager.create(new float[] {100, 600});
        NDArray strengths = manager.create(new float[] {1f, -0.5f});
        NDArray together = unet.predictNoise(noisy2, query2, t2, new PerSampleLoraContext(batch, strengths));
        for (int i = 0; i < 2; i++) {
            LoraSet one = LoraSets.sample(batch, i);
            NDArray alone = unet.predictNoise(noisy2.get(i + ":" + (i + 1)), query2.get(i + ":" + (i + 1)),
                    t2.get(i + ":" + (i + 1)), new PerSampleLoraContext(one, strengths.getFloat(i)));
            assertArrayEquals(alone.toFloatArray(), together.get(i + ":" + (i + 1)).toFloatArray(), 1e-4f);
            // A batch-1 LoRA is shared by every sample of a larger batch.
            NDArray shared = unet.predictNoise(noisy2, query2, t2,
                    new PerSampleLoraContext(one, strengths.getFloat(i)));
            assertArrayEquals(alone.toFloatArray(), shared.get(i + ":" + (i + 1)).toFloatArray(), 1e-4f);
        }

        for (LoraSet.Factors f : batch.all().values()) {
            f.down().setRequiresGradient(true);
            f.up().setRequiresGradient(true);
        }
        try (GradientCollector gc = Engine.getInstance().newGradientCollector()) {
            NDArray out = unet.predictNoise(noisy2, query2, t2, new PerSampleLoraContext(batch, strengths));
            gc.backward(out.square().mean());
        }
        for (String name : new String[] {"down.0.res.0.conv1", "mid.attn.q", "up.1.res.1.conv2"}) {
            LoraSet.Factors f = batch.get(name);
            assertTrue(f.down().getGradient().abs().sum().getFloat() > 0, name + " down got no gradient");
            assertTrue(f.up().getGradient().abs().sum().getFloat() > 0, name + " up got no gradient");
        }
    }

    private Map<String, float[]> snapshot() {
        Map<String, float[]> copy = new LinkedHashMap<>();
        for (String name : store.names()) {
            copy.put(name, store.get(name).toFloatArray());
        }
        return copy;
    }

    private static double maxDifference(float[] a, float[] b) {
        double max = 0;
        for (int i = 0; i < a.length; i++) {
            max = Math.max(max, Math.abs(a[i] - b[i]));
        }
        return max;
    }
}
