package studio.loc.hypernet.perpair;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.opencv.core.CvType;
import org.opencv.core.Mat;
import studio.loc.diffusion.image.OpenCv;
import studio.loc.diffusion.image.Picture;
import studio.loc.diffusion.lora.LoraContext;
import studio.loc.diffusion.lora.LoraSets;
import studio.loc.diffusion.lora.PerSampleLoraContext;
import studio.loc.diffusion.model.LoadedModel;
import studio.loc.diffusion.model.ModelConfig;
import studio.loc.diffusion.model.ModelFolder;
import studio.loc.diffusion.model.SamplerDefaults;
import studio.loc.diffusion.progress.CancellationToken;
import studio.loc.diffusion.progress.CancelledException;
import studio.loc.diffusion.sample.Prediction;
import studio.loc.diffusion.unet.TinyNetworks;
import studio.loc.hypernet.change.BaseModelIdentity;
import studio.loc.hypernet.change.Change;
import studio.loc.hypernet.change.ChangeNorms;
import studio.loc.hypernet.change.ChangeSource;
import studio.loc.hypernet.train.SingleThreadedEngine;
import studio.loc.hypernet.train.TinyModelFolder;

/** Per-pair LoRA optimisation on a tiny real model folder, for an ε- and a v-predicting UNet. */
@ExtendWith(SingleThreadedEngine.class)
class PerPairLoraOptimizerTest {

    @TempDir
    Path tmp;

    @ParameterizedTest
    @EnumSource(Prediction.class)
    void optimisingLowersThePairLossOnUnseenDrawsAndGivesAFullChange(Prediction prediction) throws Exception {
        try (NDManager manager = NDManager.newBaseManager(); LoadedModel model = tinyModel(prediction, manager);
             Picture before = smooth(24, 20, 1); Picture after = graded(before)) {
            PerPairSettings settings = new PerPairSettings(40, 1e-2, 4, 3);
            PerPairResult result = new PerPairLoraOptimizer(model, settings)
                    .optimise(before, after, "warm", CancellationToken.NEVER);

            // fresh draws, not the training ones: the LoRA learned the pair, not its noise
            PairLossMeter meter = new PairLossMeter(model, 32, 99);
            double untouched = meter.measure(zeroChange(model), before, after);
            double optimised = meter.measure(result.change(), before, after);
            assertTrue(optimised < 0.9 * untouched, "loss " + untouched + " -> " + optimised);
            assertTrue(result.endLoss() < result.startLoss(), result.toString());

            Change change = result.change();
            assertEquals("warm", change.name());
            assertEquals(ChangeSource.TRAINED, change.source());
            assertEquals(model.unet().slots(), change.slots());
            assertEquals(model.config().rank(), change.rank());
            assertEquals(model.config().alpha(), change.alpha());
            assertEquals(model.modelSha256(), change.baseModelSha256());
            assertTrue(change.beforeThumbnailPng().length > 8 && change.afterThumbnailPng().length > 8);
        }
    }

    @Test
    void theOptimisedLoraChangesWhatGPredicts() throws Exception {
        try (NDManager manager = NDManager.newBaseManager(); LoadedModel model = tinyModel(Prediction.EPSILON, manager);
             Picture before = smooth(16, 16, 2); Picture after = graded(before)) {
            Change change = new PerPairLoraOptimizer(model, new PerPairSettings(10, 1e-2, 1, 0))
                    .learn(before, after, CancellationToken.NEVER);
            try (NDManager scope = manager.newSubManager()) {
                Shape latent = new Shape(1, model.config().unet().latentChannels(), 8, 8);
                NDArray x = TinyNetworks.normal(scope, 1, latent);
                NDArray q = TinyNetworks.normal(scope, 2, latent);
                NDArray t = scope.create(new float[] {400});
                NDArray base = model.unet().predictNoise(x, q, t, LoraContext.NONE);
                NDArray edited = model.unet().predictNoise(x, q, t,
                        new PerSampleLoraContext(change.toLoraSet(scope), 1f));
                float difference = edited.sub(base).abs().max().getFloat();
                assertTrue(difference > 1e-4f, "the LoRA moved G's output by only " + difference);
            }
        }
    }

    @Test
    void aFreshLoraIsNoChangeAndTheSameSeedGivesTheSameStart() throws Exception {
        try (NDManager manager = NDManager.newBaseManager(); LoadedModel model = tinyModel(Prediction.EPSILON, manager);
             TrainableLora first = new TrainableLora(manager, model.unet().slots(), 2, 2f, 5);
             TrainableLora second = new TrainableLora(manager, model.unet().slots(), 2, 2f, 5);
             TrainableLora other = new TrainableLora(manager, model.unet().slots(), 2, 2f, 6)) {
            var a = first.asSet(manager).all();
            var b = second.asSet(manager).all();
            var c = other.asSet(manager).all();
            for (var slot : a.keySet()) {
                assertEquals(0f, a.get(slot).up().abs().max().getFloat(), "up starts at zero");
                assertTrue(a.get(slot).down().abs().max().getFloat() > 0f, "down starts random");
                assertTrue(a.get(slot).down().contentEquals(b.get(slot).down()), "same seed, same start: " + slot);
                assertTrue(!a.get(slot).down().contentEquals(c.get(slot).down()), "another seed, another start");
            }
        }
    }

    /**
     * Bitwise equality is not asked for: on this PyTorch CPU build the same three steps occasionally (2 runs in
     * 100, even on one thread; CI once failed on it) end with a different LoRA, some factors a learning rate or
     * more apart, because a backward pass returned another gradient and Adam turns any gradient difference into a
     * learning-rate-sized step. What a seed must fix is the change, measured as G's weight updates.
     */
    @Test
    void theSameSeedGivesTheSameChangeAndAnotherSeedAnother() throws Exception {
        try (NDManager manager = NDManager.newBaseManager(); LoadedModel model = tinyModel(Prediction.EPSILON, manager);
             Picture before = smooth(16, 16, 3); Picture after = graded(before)) {
            Change first = new PerPairLoraOptimizer(model, new PerPairSettings(3, 1e-2, 2, 7))
                    .learn(before, after, CancellationToken.NEVER);
            Change second = new PerPairLoraOptimizer(model, new PerPairSettings(3, 1e-2, 2, 7))
                    .learn(before, after, CancellationToken.NEVER);
            Change other = new PerPairLoraOptimizer(model, new PerPairSettings(3, 1e-2, 2, 8))
                    .learn(before, after, CancellationToken.NEVER);
            double same = meanCosine(model, first, second);
            double different = meanCosine(model, first, other);
            // measured over 100 repeats: 1.0 in all but two, 0.97 and 0.87 in those; another seed gives 0.02
            assertTrue(same > 0.7, "same seed: mean per-slot cosine " + same);
            assertTrue(different < 0.3, "another seed: mean per-slot cosine " + different);
        }
    }

    private static double meanCosine(LoadedModel model, Change a, Change b) {
        return model.unet().slots().stream().mapToDouble(slot -> ChangeNorms.cosine(a, b, slot)).average()
                .orElseThrow();
    }

    @Test
    void aCancelledOptimisationStops() throws Exception {
        try (NDManager manager = NDManager.newBaseManager(); LoadedModel model = tinyModel(Prediction.EPSILON, manager);
             Picture before = smooth(16, 16, 4); Picture after = graded(before)) {
            CancellationToken cancel = new CancellationToken();
            cancel.cancel();
            assertThrows(CancelledException.class,
                    () -> new PerPairLoraOptimizer(model, PerPairSettings.ofSteps(1000)).learn(before, after, cancel));
        }
    }

    @Test
    void settingsRefuseNonsense() {
        assertThrows(IllegalArgumentException.class, () -> PerPairSettings.ofSteps(0));
        assertThrows(IllegalArgumentException.class, () -> new PerPairSettings(5, 0, 1, 0));
        assertThrows(IllegalArgumentException.class, () -> new PerPairSettings(5, 1e-3, 0, 0));
        assertEquals(200, PerPairSettings.ofSteps(50).withSteps(200).steps());
    }

    /** The tiny model folder, its model.json rewritten to the given prediction (weights and checksums untouched). */
    private LoadedModel tinyModel(Prediction prediction, NDManager manager) throws Exception {
        Path folder = tmp.resolve("model-" + prediction);
        ModelConfig c = TinyModelFolder.write(folder, false);
        SamplerDefaults s = c.sampler();
        new ModelConfig(c.name(), c.version(), c.imageSize(), c.sha256(), c.codec(), c.unet(), c.hypernet(),
                c.slots(), c.rank(), c.alpha(), new SamplerDefaults(s.steps(), s.guidance(), s.seed(), s.schedule(),
                s.trainTimesteps(), s.startFraction(), prediction)).write(folder);
        LoadedModel model = ModelFolder.load(folder, manager);
        assertEquals(prediction, model.config().sampler().prediction());
        return model;
    }

    private static Change zeroChange(LoadedModel model) {
        try (NDManager scope = model.manager().newSubManager()) {
            return Change.fromLoraSet(LoraSets.zeros(scope, model.unet().slots(), 1, model.config().rank(),
                    model.config().alpha()), "none", BaseModelIdentity.of(model), 1f, ChangeSource.TRAINED, null, null);
        }
    }

    /** A smooth colourful picture (sines), different for each seed. */
    static Picture smooth(int width, int height, long seed) {
        OpenCv.ensureLoaded();
        java.util.Random random = new java.util.Random(seed);
        double[] phase = {random.nextDouble() * 6, random.nextDouble() * 6, random.nextDouble() * 6};
        float[] pixels = new float[width * height * 3];
        for (int y = 0; y < height; y++) {
            for (int x = 0; x < width; x++) {
                for (int c = 0; c < 3; c++) {
                    pixels[(y * width + x) * 3 + c] = (float) (0.5 + 0.4 * Math.sin(0.3 * x + 0.2 * y + phase[c]));
                }
            }
        }
        Mat rgb = new Mat(height, width, CvType.CV_32FC3);
        rgb.put(0, 0, pixels);
        return Picture.of(rgb);
    }

    /** The example edit: darker and warmer. */
    static Picture graded(Picture picture) {
        Mat out = new Mat();
        org.opencv.core.Core.multiply(picture.rgb(), new org.opencv.core.Scalar(1.0, 0.7, 0.45), out);
        return Picture.of(out);
    }
}
