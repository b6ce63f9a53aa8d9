package studio.loc.diffusion.train;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import studio.loc.diffusion.nn.ParameterStore;
import studio.loc.diffusion.progress.CancellationToken;
import studio.loc.diffusion.progress.CancelledException;
import studio.loc.diffusion.sample.NoiseSchedule;
import studio.loc.diffusion.sample.SeededNoise;
import studio.loc.diffusion.codec.Autoencoder;
import studio.loc.diffusion.codec.AutoencoderConfig;
import studio.loc.diffusion.testing.TinyConvDenoiser;

class TrainersTest {

    @TempDir
    Path temp;

    /** A fixed, smooth latent batch: trivially learnable. */
    private static final BatchSource FIXED_LATENTS = (step, m) -> {
        NDArray ramp = m.arange(0f, 64f).reshape(1, 1, 8, 8).div(32f).sub(1f);
        NDArray first = ramp.concat(ramp.mul(-1f), 1).concat(ramp.mul(0.5f), 1).concat(ramp.square(), 1);
        return first.concat(first.flip(3), 0);
    };

    /** Seeded smooth "crops" (random colour ramps): a new batch every step, the same batch for the same step. */
    private static final BatchSource RANDOM_IMAGES = (step, m) -> {
        NDArray coefficients = SeededNoise.normal(m, new Shape(2, 3, 3, 1, 1), StepSeeds.forStep(5, step, 0));
        NDArray y = m.arange(0f, 8f).div(8f).reshape(1, 1, 8, 1).broadcast(new Shape(2, 3, 8, 8));
        NDArray x = m.arange(0f, 8f).div(8f).reshape(1, 1, 1, 8).broadcast(new Shape(2, 3, 8, 8));
        return coefficients.get(":, :, 0").mul(x).add(coefficients.get(":, :, 1").mul(y))
                .add(coefficients.get(":, :, 2").mul(0.5f)).tanh();
    };

    private TrainerSettings settings(long steps, Path dir) {
        return new TrainerSettings(steps, 1e-2, 2, 0.01, 1.0, 17, dir, 4, 2);
    }

    @Test
    void denoiserLossDecreasesOnATriviallyLearnableBatch() throws Exception {
        try (NDManager m = NDManager.newBaseManager(); ParameterStore store = new ParameterStore(m, 1)) {
            // The real UNet trains too, but at ~1 s/step on a shared 2-core machine; the tiny conv G keeps this fast.
            TinyConvDenoiser g = new TinyConvDenoiser(store, 4, 16);
            List<Double> losses = new ArrayList<>();
            new DenoiserTrainer(g, store, NoiseSchedule.standard(), FIXED_LATENTS,
                    new TrainerSettings(60, 1e-2, 3, 0, 1.0, 3, temp, 100, 10), 0.1)
                    .train(p -> losses.add(p.loss()), CancellationToken.NEVER);
            assertTrue(mean(losses.subList(50, 60)) < 0.7 * mean(losses.subList(0, 10)), losses.toString());
            List<String> log = Files.readAllLines(temp.resolve(TrainingLoop.LOG_FILE));
            assertEquals(TrainingLoop.LOG_HEADER, log.get(0));
            assertEquals(7, log.size(), "a CSV line every 10 steps");
            assertTrue(Checkpoint.exists(temp));
        }
    }

    @Test
    void denoiserResumeAfterCancelEqualsAStraightRun() throws Exception {
        Function<Path, DenoiserRun> straight = dir -> new DenoiserRun(dir, null);
        float[][] expected = straight.apply(temp.resolve("straight")).trainToEnd();
        Path resumed = temp.resolve("resumed");
        CancellationToken token = new CancellationToken();
        assertThrows(CancelledException.class, () -> new DenoiserRun(resumed, token).trainToEnd());
        Map<String, String> meta = studio.loc.diffusion.tensor.SafeTensors.read(Checkpoint.file(resumed)).metadata();
        assertEquals("3", meta.get("step"), "cancel writes a checkpoint of the finished steps");
        assertNoTemporaryFiles(resumed);
        float[][] actual = new DenoiserRun(resumed, null).trainToEnd();
        for (int i = 0; i < expected.length; i++) {
            assertArrayEquals(expected[i], actual[i], 1e-6f, "parameter " + i);
        }
    }

    /** A fresh network (same seed) trained to 6 steps; cancels after step 3 when given a token. */
    private final class DenoiserRun {
        private final Path dir;
        private final CancellationToken token;

        DenoiserRun(Path dir, CancellationToken token) {
            this.dir = dir;
            this.token = token;
        }

        float[][] trainToEnd() throws CancelledException, IOException {
            try (NDManager m = NDManager.newBaseManager(); ParameterStore store = new ParameterStore(m, 8)) {
                TinyConvDenoiser g = new TinyConvDenoiser(store, 3, 8);
                BatchSource latents = (step, mm) ->
                        SeededNoise.normal(mm, new Shape(3, 3, 6, 6), StepSeeds.forStep(2, step, 0));
                CancellationToken cancel = token == null ? CancellationToken.NEVER : token;
                new DenoiserTrainer(g, store, NoiseSchedule.standard(), latents, settings(6, dir), 0.3)
                        .train(p -> {
                            if (p.step() == 3) {
                                cancel.cancel();
                            }
                        }, cancel);
                return store.asMap().values().stream().map(NDArray::toFloatArray).toArray(float[][]::new);
            }
        }
    }

    @Test
    void codecLossDecreasesAndTheLatentStdIsMeasured() throws Exception {
        try (NDManager m = NDManager.newBaseManager(); ParameterStore store = new ParameterStore(m, 2)) {
            Autoencoder codec = new Autoencoder(AutoencoderConfig.tiny(), store);
            List<Double> losses = new ArrayList<>();
            double[] sink = {Double.NaN};
            BatchSource oneImage = (step, mm) -> RANDOM_IMAGES.batch(0, mm).get("0:1");
            CodecTrainer.Result result = new CodecTrainer(codec, store, oneImage,
                    new TrainerSettings(16, 1e-2, 1, 0.01, 1.0, 3, temp, 8, 4), CodecTrainer.Losses.defaults())
                    .train(p -> losses.add(p.loss()), CancellationToken.NEVER, std -> sink[0] = std);
            assertTrue(mean(losses.subList(12, 16)) < 0.7 * mean(losses.subList(0, 4)), losses.toString());
            assertEquals(16, result.training().steps());
            assertTrue(result.latentStd() > 0 && Double.isFinite(result.latentStd()));
            assertEquals(result.latentStd(), sink[0]);
            try (NDManager scratch = m.newSubManager()) {
                NDArray z = codec.encode(oneImage.batch(0, scratch));
                double direct = Math.sqrt(z.sub(z.mean()).square().mean().getFloat());
                assertEquals(direct, result.latentStd(), 0.01 * direct + 1e-5);
                assertEquals(2f / (float) direct, CodecTrainer.unitVarianceScale(2f, result.latentStd()),
                        0.02 / direct);
            }
            try (ParameterStore rescaledStore = new ParameterStore(m, 0); NDManager scratch = m.newSubManager()) {
                Autoencoder rescaled = CodecTrainer.withUnitVarianceLatents(codec, result.latentStd(), rescaledStore);
                NDArray image = oneImage.batch(0, scratch);
                NDArray z = rescaled.encode(image);
                assertEquals(1.0, Math.sqrt(z.sub(z.mean()).square().mean().getFloat()), 0.02);
                assertArrayEquals(codec.decode(codec.encode(image)).toFloatArray(),
                        rescaled.decode(z).toFloatArray(), 1e-4f, "decoding undoes the new scale");
            }
        }
    }

    @Test
    void denoiserTrainingOnEncodedImagesLeavesTheCodecAlone() throws Exception {
        try (NDManager m = NDManager.newBaseManager(); ParameterStore codecStore = new ParameterStore(m, 1);
             ParameterStore store = new ParameterStore(m, 2)) {
            Autoencoder codec = new Autoencoder(AutoencoderConfig.tiny(), codecStore);
            codecStore.trainable();
            float[] before = codecStore.get(codecStore.names().get(0)).toFloatArray();
            TrainingResult result = new DenoiserTrainer(new TinyConvDenoiser(store, 4, 8), store,
                    NoiseSchedule.standard(), DenoiserTrainer.latentsOf(RANDOM_IMAGES, codec), settings(2, temp),
                    0.1).train(TrainingListener.NONE, CancellationToken.NEVER);
            assertEquals(2, result.steps());
            for (NDArray p : codecStore.asMap().values()) {
                assertEquals(0f, p.getGradient().abs().max().getFloat(), p.getName());
            }
            assertArrayEquals(before, codecStore.get(codecStore.names().get(0)).toFloatArray());
        }
    }

    /** The two-network layout the hypernetwork trainer resumes from: keys per prefix, frozen parts without moments. */
    @Test
    void aCheckpointOfSeveralNetworksKeepsEachUnderItsPrefix() throws Exception {
        Checkpoint.Layout layout = new Checkpoint.Layout("two.safetensors", "test-two/1");
        try (NDManager m = NDManager.newBaseManager(); ParameterStore h = new ParameterStore(m, 1);
             ParameterStore g = new ParameterStore(m, 2); ParameterStore h2 = new ParameterStore(m, 3);
             ParameterStore g2 = new ParameterStore(m, 4)) {
            new TinyConvDenoiser(h, 3, 8);
            new TinyConvDenoiser(g, 3, 8);
            new TinyConvDenoiser(h2, 3, 8);
            new TinyConvDenoiser(g2, 3, 8);
            try (AdamOptimizer adam = new AdamOptimizer(h, h.names(), 0, 0);
                 AdamOptimizer adam2 = new AdamOptimizer(h2, h2.names(), 0, 0)) {
                Checkpoint.write(temp, layout, 7, List.of(new Checkpoint.Part("h", h, adam),
                        new Checkpoint.Part("g", g, null)), Map.of("trainer", "test"));
                var file = studio.loc.diffusion.tensor.SafeTensors.read(layout.file(temp));
                String name = h.names().getFirst();
                assertTrue(file.contains("h.param." + name) && file.contains("g.param." + name));
                assertTrue(file.contains("h.adam.m." + name) && !file.contains("g.adam.m." + name));
                Map<String, String> meta = Checkpoint.restore(temp, layout, List.of(
                        new Checkpoint.Part("h", h2, adam2), new Checkpoint.Part("g", g2, null)));
                assertEquals(7, Checkpoint.step(meta));
                assertArrayEquals(h.get(name).toFloatArray(), h2.get(name).toFloatArray());
                assertArrayEquals(g.get(name).toFloatArray(), g2.get(name).toFloatArray());
                IOException e = assertThrows(IOException.class, () -> Checkpoint.restore(temp,
                        new Checkpoint.Layout("two.safetensors", "other/1"), List.of()));
                assertTrue(e.getMessage().contains("expected other/1"), e.getMessage());
            }
        }
    }

    @Test
    void aCheckpointFromAnotherNetworkIsRefusedWithAMessage() throws Exception {
        try (NDManager m = NDManager.newBaseManager(); ParameterStore a = new ParameterStore(m, 1);
             ParameterStore b = new ParameterStore(m, 1)) {
            new TinyConvDenoiser(a, 3, 8);
            new Autoencoder(AutoencoderConfig.tiny(), b);
            try (AdamOptimizer adamA = new AdamOptimizer(a, a.names(), 0, 0);
                 AdamOptimizer adamB = new AdamOptimizer(b, b.names(), 0, 0)) {
                Checkpoint.write(temp, 5, a, adamA, Map.of());
                IOException e = assertThrows(IOException.class, () -> Checkpoint.restore(temp, b, adamB));
                assertTrue(e.getMessage().contains("different network"), e.getMessage());
            }
        }
    }

    @Test
    void warmupThenCosineDecay() {
        LrSchedule s = LrSchedule.warmupCosine(1.0, 10, 110, 0.1);
        assertEquals(0.1, s.rate(0), 1e-12);
        assertEquals(1.0, s.rate(9), 1e-12);
        assertEquals(1.0, s.rate(10), 1e-12);
        assertEquals(0.55, s.rate(60), 1e-12);
        assertEquals(0.1, s.rate(110), 1e-12);
        for (long i = 11; i <= 110; i++) {
            assertTrue(s.rate(i) <= s.rate(i - 1));
        }
    }

    private static void assertNoTemporaryFiles(Path dir) throws IOException {
        try (Stream<Path> files = Files.list(dir)) {
            assertEquals(List.of(), files.filter(p -> p.getFileName().toString().endsWith(".tmp")).toList());
        }
    }

    private static double mean(List<Double> values) {
        return values.stream().mapToDouble(Double::doubleValue).average().orElseThrow();
    }
}
