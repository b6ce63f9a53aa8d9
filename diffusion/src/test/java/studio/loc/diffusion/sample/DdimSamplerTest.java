package studio.loc.diffusion.sample;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import studio.loc.diffusion.lora.LoraContext;
import studio.loc.diffusion.lora.LoraSet;
import studio.loc.diffusion.lora.LoraSlot;
import studio.loc.diffusion.lora.PerSampleLoraContext;
import studio.loc.diffusion.unet.UNet;
import studio.loc.diffusion.unet.UNetConfig;
import studio.loc.diffusion.nn.ParameterStore;
import studio.loc.diffusion.progress.CancellationToken;
import studio.loc.diffusion.progress.CancelledException;
import studio.loc.diffusion.progress.ProgressListener;
import studio.loc.diffusion.testing.OracleDenoiser;
import studio.loc.diffusion.testing.TinyConvDenoiser;

class DdimSamplerTest {

    private static final NoiseSchedule SCHEDULE = NoiseSchedule.standard();

    @Test
    void aPerfectDenoiserGivesBackItsConditionFromNoiseAndFromANoisedStart() throws Exception {
        try (NDManager m = NDManager.newBaseManager()) {
            NDArray query = SeededNoise.normal(m, new Shape(2, 4, 6, 5), 11);
            DdimSampler sampler = new DdimSampler(new OracleDenoiser(SCHEDULE), SCHEDULE);
            for (double start : new double[] {1.0, 0.6}) {
                NDArray out = sampler.sample(query, new SamplingOptions(8, 3, 1.0, start), LoraContext.NONE,
                        ProgressListener.NONE, CancellationToken.NEVER);
                assertArrayEquals(query.toFloatArray(), out.toFloatArray(), 1e-3f, "start " + start);
            }
        }
    }

    @Test
    void guidanceBatchesCondAndUncondAndFollowsTheFormula() throws Exception {
        try (NDManager m = NDManager.newBaseManager()) {
            NDArray query = SeededNoise.normal(m, new Shape(1, 3, 4, 4), 5);
            OracleDenoiser oracle = new OracleDenoiser(SCHEDULE);
            DdimSampler sampler = new DdimSampler(oracle, SCHEDULE);
            // With the true epsilon for x0 = q and x0 = 0 (uncond), guided x̂0 = g·q at every step.
            NDArray out = sampler.sample(query, new SamplingOptions(6, 1, 2.5, 1.0), LoraContext.NONE,
                    ProgressListener.NONE, CancellationToken.NEVER);
            assertArrayEquals(query.mul(2.5f).toFloatArray(), out.toFloatArray(), 2e-3f);
            assertEquals(6, oracle.calls.get(), "one denoiser call per step");
            assertEquals(2, oracle.lastBatch, "cond and uncond share one batch");

            OracleDenoiser unguided = new OracleDenoiser(SCHEDULE);
            new DdimSampler(unguided, SCHEDULE).sample(query, new SamplingOptions(6, 1, 1.0, 1.0),
                    LoraContext.NONE, ProgressListener.NONE, CancellationToken.NEVER);
            assertEquals(1, unguided.lastBatch, "g = 1 skips the unconditional pass");
        }
    }

    @Test
    void sameSeedSameLatentDifferentSeedDifferent() throws Exception {
        try (NDManager m = NDManager.newBaseManager(); ParameterStore store = new ParameterStore(m, 9)) {
            DdimSampler sampler = new DdimSampler(new TinyConvDenoiser(store, 3, 8), SCHEDULE);
            NDArray query = SeededNoise.normal(m, new Shape(1, 3, 8, 8), 2);
            float[] a = run(sampler, query, 42);
            float[] b = run(sampler, query, 42);
            float[] c = run(sampler, query, 43);
            assertArrayEquals(a, b);
            assertFalse(Arrays.equals(a, c));
        }
    }

    private static float[] run(DdimSampler sampler, NDArray query, long seed) throws CancelledException {
        try (NDArray out = sampler.sample(query, new SamplingOptions(5, seed, 1.5, 1.0), LoraContext.NONE,
                ProgressListener.NONE, CancellationToken.NEVER)) {
            return out.toFloatArray();
        }
    }

    @Test
    void cancellationStopsAtTheNextStepAndProgressSawTheStepsBefore() {
        try (NDManager m = NDManager.newBaseManager()) {
            NDArray query = SeededNoise.normal(m, new Shape(1, 3, 4, 4), 5);
            CancellationToken token = new CancellationToken();
            List<String> messages = new ArrayList<>();
            ProgressListener listener = (done, total, message) -> {
                messages.add(message);
                if (done == 3) {
                    token.cancel();
                }
            };
            DdimSampler sampler = new DdimSampler(new OracleDenoiser(SCHEDULE), SCHEDULE);
            int before = m.getManagedArrays().size();
            assertThrows(CancelledException.class, () -> sampler.sample(query, SamplingOptions.of(10, 1),
                    LoraContext.NONE, listener, token));
            assertEquals(List.of("Denoising step 1 of 10", "Denoising step 2 of 10", "Denoising step 3 of 10"),
                    messages);
            assertEquals(before, m.getManagedArrays().size(), "a cancelled run leaves nothing behind");
        }
    }

    @Test
    void manyRunsLeaveOnlyTheirResultsBehindEvenWithAPerSampleLoraAndGuidance() throws Exception {
        try (NDManager m = NDManager.newBaseManager(); ParameterStore store = new ParameterStore(m, 4)) {
            DdimSampler sampler = new DdimSampler(new TinyConvDenoiser(store, 3, 4), SCHEDULE);
            NDArray query = SeededNoise.normal(m, new Shape(2, 3, 6, 6), 7);
            // A per-sample LoRA only accepts its own batch size; guidance must not feed it the doubled batch.
            LoraContext perSample = (slot, input) -> {
                assertEquals(2, input.getShape().get(0));
                return input.getManager().ones(new Shape(2, slot.out(), 6, 6)).mul(0.1f);
            };
            int before = m.getManagedArrays().size();
            for (int i = 0; i < 30; i++) {
                NDArray out = sampler.sample(query, new SamplingOptions(4, i, 2.0, 0.8), perSample,
                        ProgressListener.NONE, CancellationToken.NEVER);
                assertEquals(before + 1, m.getManagedArrays().size());
                out.close();
            }
            assertEquals(before, m.getManagedArrays().size());
        }
    }

    @Test
    void guidedSamplingGivesEachSampleItsOwnLora() throws Exception {
        try (NDManager m = NDManager.newBaseManager(); ParameterStore store = new ParameterStore(m, 12)) {
            UNet unet = new UNet(UNetConfig.tiny(), store);
            randomise(store);
            LoraSet pair = randomLoras(m, unet.slots(), 2, 31);
            NDArray queries = SeededNoise.normal(m, new Shape(2, 4, 4, 4), 3);
            DdimSampler sampler = new DdimSampler(unet, SCHEDULE);
            SamplingOptions options = new SamplingOptions(2, 5, 2.0, 1.0);
            float[] mixed = sample(sampler, queries, pair, options);
            int half = mixed.length / 2;
            // Samples are independent, so sample i must come out as when both samples carry LoRA i.
            for (int i = 0; i < 2; i++) {
                LoraSet single = slice(pair, i);
                float[] same = sample(sampler, queries,
                        new LoraSet(single.slots(), doubled(single), single.rank(), single.alpha()), options);
                assertArrayEquals(Arrays.copyOfRange(same, i * half, (i + 1) * half),
                        Arrays.copyOfRange(mixed, i * half, (i + 1) * half), 1e-4f);
            }
            float[] none = sampler.sample(queries, options, LoraContext.NONE, ProgressListener.NONE,
                    CancellationToken.NEVER).toFloatArray();
            assertFalse(Arrays.equals(none, mixed), "the LoRA changes the result");
        }
    }

    /** A fresh UNet's zero-initialised outputs would hide every LoRA; give all weights some value. */
    private static void randomise(ParameterStore store) {
        java.util.Random random = new java.util.Random(1);
        for (String name : store.names()) {
            float[] values = store.get(name).toFloatArray();
            for (int i = 0; i < values.length; i++) {
                values[i] += (float) (0.2 * random.nextGaussian());
            }
            store.assign(name, values);
        }
    }

    private static float[] sample(DdimSampler sampler, NDArray queries, LoraSet loras, SamplingOptions options)
            throws CancelledException {
        return sampler.sample(queries, options, new PerSampleLoraContext(loras, 1f), ProgressListener.NONE,
                CancellationToken.NEVER).toFloatArray();
    }

    private static java.util.Map<String, LoraSet.Factors> doubled(LoraSet set) {
        java.util.Map<String, LoraSet.Factors> result = new java.util.LinkedHashMap<>();
        set.all().forEach((name, f) -> result.put(name,
                new LoraSet.Factors(f.down().concat(f.down(), 0), f.up().concat(f.up(), 0))));
        return result;
    }

    private static LoraSet slice(LoraSet set, int i) {
        java.util.Map<String, LoraSet.Factors> result = new java.util.LinkedHashMap<>();
        set.all().forEach((name, f) -> result.put(name, new LoraSet.Factors(f.down().get(i + ":" + (i + 1)),
                f.up().get(i + ":" + (i + 1)))));
        return new LoraSet(set.slots(), result, set.rank(), set.alpha());
    }

    private static LoraSet randomLoras(NDManager m, List<LoraSlot> slots, int batch, long seed) {
        java.util.Random random = new java.util.Random(seed);
        java.util.Map<String, LoraSet.Factors> factors = new java.util.LinkedHashMap<>();
        int rank = 2;
        for (LoraSlot slot : slots) {
            factors.put(slot.name(), new LoraSet.Factors(
                    SeededNoise.normal(m, new Shape(batch, rank, slot.downColumns()), random).mul(0.2f),
                    SeededNoise.normal(m, new Shape(batch, slot.out(), rank), random).mul(0.2f)));
        }
        return new LoraSet(slots, factors, rank, rank);
    }

    @Test
    void timestepsAreDescendingEvenlySpacedAndStartWhereAsked() {
        DdimSampler sampler = new DdimSampler(new OracleDenoiser(SCHEDULE), SCHEDULE);
        int[] full = sampler.timesteps(20, 1.0);
        assertEquals(20, full.length);
        assertEquals(999, full[0]);
        assertEquals(49, full[19]);
        for (int i = 1; i < full.length; i++) {
            assertEquals(50, full[i - 1] - full[i]);
        }
        int[] half = sampler.timesteps(10, 0.5);
        assertEquals(499, half[0]);
        assertTrue(half[9] >= 0 && half[9] < 60);
        assertEquals(3, sampler.timesteps(50, 0.003).length, "never more steps than timesteps in the span");
    }

    @Test
    void schedulesAreNamedAsInModelJson() {
        assertEquals(NoiseSchedule.Kind.COSINE, NoiseSchedule.named("cosine", 1000).kind());
        NoiseSchedule linear = NoiseSchedule.named(
                studio.loc.diffusion.model.SamplerDefaults.standard().schedule(), 1000);
        assertEquals(NoiseSchedule.standard().alphaCumprod(500), linear.alphaCumprod(500));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> NoiseSchedule.named("karras", 1000));
        assertTrue(e.getMessage().contains("scaled_linear"));
    }

    @Test
    void scheduleIsMonotoneAndAddNoiseMixesPerSample() {
        for (NoiseSchedule s : new NoiseSchedule[] {NoiseSchedule.standard(), NoiseSchedule.cosine(1000)}) {
            assertEquals(1000, s.timesteps());
            for (int t = 1; t < 1000; t++) {
                assertTrue(s.alphaCumprod(t) < s.alphaCumprod(t - 1));
                assertTrue(s.snr(t) < s.snr(t - 1));
            }
            assertTrue(s.alphaCumprod(0) > 0.99 && s.alphaCumprod(999) < 0.01, s.kind().toString());
        }
        try (NDManager m = NDManager.newBaseManager()) {
            NDArray x0 = m.ones(new Shape(2, 1, 2, 2));
            NDArray noise = m.zeros(new Shape(2, 1, 2, 2));
            float[] out = SCHEDULE.addNoise(x0, noise, new int[] {0, 999}).toFloatArray();
            assertEquals(Math.sqrt(SCHEDULE.alphaCumprod(0)), out[0], 1e-6);
            assertEquals(Math.sqrt(SCHEDULE.alphaCumprod(999)), out[7], 1e-6);
        }
    }
}
