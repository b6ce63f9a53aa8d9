package studio.loc.hypernet.train;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import studio.loc.diffusion.lora.LoraContext;
import studio.loc.diffusion.lora.LoraSet;
import studio.loc.diffusion.lora.PerSampleLoraContext;
import studio.loc.diffusion.sample.NoiseSchedule;

@ExtendWith(SingleThreadedEngine.class)
class LocObjectiveTest {

    private static TrainingConfig config(boolean reverse, boolean quad) {
        return TrainingConfig.standard(1, 1, 2, 11).withTerms(reverse, quad).withRandomness(false, false, 0);
    }

    @Test
    void reverseTermUsesNegatedUpsLikeAStrengthMinusOneContext() {
        try (NDManager m = NDManager.newBaseManager(); TinySetup s = new TinySetup(m, 5)) {
            // Give H non-zero up heads so its LoRA changes G.
            for (String name : s.hypernet.parameters().names()) {
                if (name.startsWith("heads.up_")) {
                    NDArray p = s.hypernet.parameters().get(name);
                    // Seeded, so the test checks the same LoRA on every run.
                    java.util.Random seeded = new java.util.Random(name.hashCode());
                    float[] values = new float[Math.toIntExact(p.size())];
                    for (int i = 0; i < values.length; i++) {
                        values[i] = (float) (seeded.nextGaussian() * 2.0);
                    }
                    p.set(values);
                }
            }
            LocObjective objective = s.objective(config(true, false));
            QuadBatch batch = TinySetup.fixedQuad(3).batch(0, 2, m);
            LoraSet lora = s.hypernet.forward(batch.before(), batch.after());
            List<LocObjective.Term> terms = objective.terms(batch, false);
            assertEquals(List.of(LocObjective.Term.FORWARD, LocObjective.Term.REVERSE), terms);
            LocObjective.Draws draws = LocObjective.Draws.sample(new Random(1), 4, new Shape(2, 3, 16, 16),
                    s.schedule.timesteps(), 0, m);
            LocObjective.Terms result = objective.compute(batch, lora, terms, draws, m);

            NDArray latA = objective.latent(batch.before());
            NDArray latA2 = objective.latent(batch.after());
            int[] tForward = {draws.timesteps()[0], draws.timesteps()[1]};
            int[] tReverse = {draws.timesteps()[2], draws.timesteps()[3]};
            NDArray noiseForward = draws.noise().get("0:2");
            NDArray noiseReverse = draws.noise().get("2:4");
            double manualReverse = manual(s, latA2, latA, tReverse, noiseReverse, new PerSampleLoraContext(lora, -1f), m);
            double manualForward = manual(s, latA, latA2, tForward, noiseForward, new PerSampleLoraContext(lora, 1f), m);
            double wrongSign = manual(s, latA2, latA, tReverse, noiseReverse, new PerSampleLoraContext(lora, 1f), m);
            double noLora = manual(s, latA2, latA, tReverse, noiseReverse, LoraContext.NONE, m);

            assertEquals(manualReverse, result.term("reverse"), 1e-5 * manualReverse);
            assertEquals(manualForward, result.term("forward"), 1e-5 * manualForward);
            // The comparison can fail: the sign and the LoRA matter at this precision.
            assertTrue(Math.abs(wrongSign - manualReverse) > 1e-3 * manualReverse, wrongSign + " vs " + manualReverse);
            assertTrue(Math.abs(noLora - manualReverse) > 1e-3 * manualReverse);
            assertEquals(manualForward + manualReverse, result.total().getFloat(), 1e-5 * (manualForward + manualReverse));
        }
    }

    @Test
    void aForwardOnlyObjectiveOnAFrozenGStillReachesTheHypernetwork() {
        try (NDManager m = NDManager.newBaseManager(); TinySetup s = new TinySetup(m, 8)) {
            s.hypernet.parameters().trainable();
            LocObjective objective = s.objective(config(false, false));
            QuadBatch batch = TinySetup.fixedQuad(5).batch(0, 2, m);
            try (ai.djl.training.GradientCollector collector = ai.djl.engine.Engine.getInstance()
                    .newGradientCollector()) {
                LocObjective.Terms loss = objective.loss(0, batch, false, m);
                assertEquals(java.util.Set.of("forward"), loss.perTerm().keySet());
                collector.backward(loss.total());
            }
            NDArray up = s.hypernet.parameters().get(s.hypernet.parameters().names().stream()
                    .filter(n -> n.startsWith("heads.up_") && n.endsWith(".weight")).findFirst().orElseThrow());
            assertTrue(up.getGradient().abs().sum().getFloat() > 0, "the forward term alone trains H");
        }
    }

    private static double manual(TinySetup s, NDArray condition, NDArray x0, int[] t, NDArray noise,
                                 LoraContext lora, NDManager m) {
        NDArray noisy = s.schedule.addNoise(x0, noise, t);
        NDArray predicted = s.unet.predictNoise(noisy, condition, NoiseSchedule.timestepArray(m, t), lora);
        return predicted.sub(noise).square().mean().getFloat();
    }

    @Test
    void freshHypernetworkLeavesGAsIsSoForwardAndReverseSeeTheBaseNetwork() {
        try (NDManager m = NDManager.newBaseManager(); TinySetup s = new TinySetup(m, 6)) {
            LocObjective objective = s.objective(config(true, true));
            QuadBatch batch = TinySetup.fixedQuad(4).batch(0, 1, m);
            LoraSet lora = s.hypernet.forward(batch.before(), batch.after());
            List<LocObjective.Term> terms = objective.terms(batch, true);
            assertEquals(4, terms.size());
            LocObjective.Draws draws = LocObjective.Draws.sample(new Random(2), 4, new Shape(1, 3, 16, 16),
                    s.schedule.timesteps(), 0, m);
            LocObjective.Terms result = objective.compute(batch, lora, terms, draws, m);
            NDArray latA = objective.latent(batch.before());
            NDArray latA2 = objective.latent(batch.after());
            double base = manual(s, latA2, latA, new int[] {draws.timesteps()[1]}, draws.noise().get("1:2"),
                    LoraContext.NONE, m);
            assertEquals(base, result.term("reverse"), 1e-5 * base);
        }
    }

    @Test
    void pairViewsApplyTheSameFlipAndCropToBeforeAndAfter() {
        try (NDManager m = NDManager.newBaseManager()) {
            NDArray before = m.randomUniform(-1, 1, new Shape(3, 3, 16, 16));
            QuadBatch pairs = QuadBatch.pairs(before, before.mul(0.5f).sub(0.2f));
            QuadBatch viewed = PairAugmentation.withView(pairs, new Random(9));
            assertEquals(before.getShape(), viewed.query().getShape());
            // A pointwise affine edit commutes with flips, crops and bilinear resizing.
            assertArrayEquals(viewed.query().mul(0.5f).sub(0.2f).toFloatArray(), viewed.target().toFloatArray(), 1e-5f);
            assertTrue(viewed.query().sub(before).abs().max().getFloat() > 1e-3f, "the view must differ from the pair");

            QuadBatch swapped = PairAugmentation.swap(viewed, new boolean[] {true, false, true}, m);
            assertArrayEquals(viewed.after().get(0).toFloatArray(), swapped.before().get(0).toFloatArray(), 1e-6f);
            assertArrayEquals(viewed.before().get(1).toFloatArray(), swapped.before().get(1).toFloatArray(), 1e-6f);
            assertArrayEquals(viewed.query().get(2).toFloatArray(), swapped.target().get(2).toFloatArray(), 1e-6f);
        }
    }
}
