package studio.loc.app.bench;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import studio.loc.diffusion.colour.Lut3d;
import studio.loc.diffusion.image.Picture;
import studio.loc.diffusion.image.Pictures;
import studio.loc.diffusion.lora.LoraContext;
import studio.loc.diffusion.lora.LoraMerger;
import studio.loc.diffusion.lora.LoraSet;
import studio.loc.diffusion.lora.LoraShapeException;
import studio.loc.diffusion.lora.PerSampleLoraContext;
import studio.loc.diffusion.model.LoadedModel;
import studio.loc.diffusion.model.ModelFolder;
import studio.loc.diffusion.model.ModelFormatException;
import studio.loc.diffusion.model.SamplerDefaults;
import studio.loc.diffusion.pairfit.FittedBlend;
import studio.loc.diffusion.pairfit.GaussianMixFilter;
import studio.loc.diffusion.pairfit.PairFitter;
import studio.loc.diffusion.pipeline.EditPipeline;
import studio.loc.diffusion.pipeline.EditRequest;
import studio.loc.diffusion.pipeline.PictureTensors;
import studio.loc.diffusion.progress.CancellationToken;
import studio.loc.diffusion.progress.CancelledException;
import studio.loc.diffusion.progress.ProgressListener;
import studio.loc.diffusion.sample.DdimSampler;
import studio.loc.diffusion.sample.SeededNoise;
import studio.loc.diffusion.unet.UNet;
import studio.loc.hypernet.change.Change;
import studio.loc.hypernet.engine.EngineException;
import studio.loc.hypernet.engine.LearnedChange;
import studio.loc.hypernet.engine.LocChangeEngine;
import studio.loc.hypernet.engine.OpenedModel;
import studio.loc.hypernet.net.LocHypernetwork;

/**
 * Times a model: learning a change (the engine's learn, as the app runs it), then its networks directly: one UNet
 * step with and without a LoRA, the edit pipeline on several photo sizes, and the peak matrix product that the
 * step's achieved FLOP/s is compared with. The change is merged into a second copy of the model, as the engine
 * merges it, so the base and the merged UNet can be timed run by run.
 */
public final class ModelSpeedBenchmark {

    private final BenchSettings settings;
    private final CancellationToken cancel;
    private final PrintWriter log;

    /** @param log receives a line as each measurement starts (the command's stderr) */
    public ModelSpeedBenchmark(BenchSettings settings, CancellationToken cancel, PrintWriter log) {
        this.settings = settings;
        this.cancel = cancel;
        this.log = log;
    }

    /** Warm-up runs of learning: enough for the JIT to compile the fitting loops. */
    static final int LEARN_WARMUP = 10;

    /**
     * @throws EngineException when the folder is not a usable model with a trained hypernetwork
     * @throws ModelFormatException when the second copy of the model cannot be loaded
     * @throws IOException when a weight file cannot be read
     */
    public ModelSpeedResults run(Path folder) throws EngineException, ModelFormatException, IOException,
            CancelledException {
        Repetitions repetitions = new Repetitions(settings.warmup(), settings.repeats(), cancel);
        int[] photo = SyntheticPhotos.size(settings.photoMegapixels());
        try (LocChangeEngine engine = LocChangeEngine.open(folder);
             Picture before = SyntheticPhotos.photo(photo[0], photo[1], 1);
             Picture after = SyntheticPhotos.graded(before)) {
            OpenedModel opened = engine.networks();
            LoadedModel model = opened.model();
            log("Model " + opened.describe());
            log("[1/5] learning a change from a " + photo[0] + "x" + photo[1] + " pair");
            long coldStart = System.nanoTime();
            learn(engine, before, after);
            double firstLearnMs = (System.nanoTime() - coldStart) / 1e6;
            // The fit of a change's colour table and filter is Java loops, which the JIT compiles only after some
            // runs (a fresh process takes about 350 ms, falling to 70 ms by the eighth learn); "process warm" means
            // compiled, so learning gets a longer warm-up than the rest. The first learn is reported apart.
            Repetitions learnRepetitions = new Repetitions(Math.max(settings.warmup(), LEARN_WARMUP),
                    settings.repeats(), cancel);
            Timing learn = learnRepetitions.time(opened.root(), scope -> learn(engine, before, after));
            Timing forward = hypernetForward(opened, before, after, repetitions);
            Change change = (Change) learn(engine, before, after).payload();
            ModelSpeedResults.UNetSteps steps;
            List<ModelSpeedResults.PipelineTiming> pipeline;
            try (LoadedModel merged = ModelFolder.load(folder, opened.root());
                 LoraMerger merger = new LoraMerger(merged.unet().parameters());
                 NDManager loraMemory = opened.root().newSubManager()) {
                LoraSet lora = change.toLoraSet(loraMemory);
                merge(merger, lora);
                log("[2/5, 3/5] one UNet step: no LoRA, merged LoRA, per-sample LoRA, guidance pair");
                steps = unetSteps(model, merged.unet(), lora, repetitions, loraMemory);
                pipeline = pipeline(merged, repetitions, opened.root());
            }
            log("[5/5] peak of a " + settings.matmulSize() + "x" + settings.matmulSize() + " matrix product");
            int latentSide = model.config().imageSize() / model.codec().factor();
            FlopCount flops = UNetFlops.count(model.config().unet(), latentSide, latentSide);
            MatmulPeak matmul = MatmulPeak.measure(settings.matmulSize(), repetitions, opened.root());
            return new ModelSpeedResults(opened.describe(), model.config().imageSize(), latentSide,
                    model.config().unet(), model.unet().parameters().count(), model.unet().slots().size(),
                    model.config().sampler(), evaluationsPerEdit(model), photo[0], photo[1], firstLearnMs, learn,
                    forward,
                    opened.hypernet().config().imageSize(), steps, pipeline, flops, matmul);
        }
    }

    private LearnedChange learn(LocChangeEngine engine, Picture before, Picture after) throws CancelledException {
        try {
            return engine.learn(before, after, "bench", ProgressListener.NONE, cancel);
        } catch (EngineException e) {
            throw new IllegalStateException("learning a change failed: " + e.getMessage(), e);
        }
    }

    private static int evaluationsPerEdit(LoadedModel model) {
        SamplerDefaults defaults = model.config().sampler();
        return new DdimSampler(model.unet(), defaults.noiseSchedule())
                .timesteps(defaults.steps(), defaults.startFraction()).length;
    }

    /** H alone, on the pair already shrunk to its input size: the network's share of learning. */
    private static Timing hypernetForward(OpenedModel opened, Picture before, Picture after,
                                          Repetitions repetitions) throws CancelledException {
        LocHypernetwork hypernet = opened.hypernet();
        int size = hypernet.config().imageSize();
        try (NDManager inputs = opened.root().newSubManager();
             Picture smallBefore = Pictures.resize(before, size, size);
             Picture smallAfter = Pictures.resize(after, size, size)) {
            NDArray a = PictureTensors.toTensor(smallBefore.rgb(), inputs);
            NDArray b = PictureTensors.toTensor(smallAfter.rgb(), inputs);
            return repetitions.time(inputs,
                    scope -> hypernet.forward(Repetitions.inScope(a, scope), Repetitions.inScope(b, scope)));
        }
    }

    private static void merge(LoraMerger merger, LoraSet lora) {
        try {
            merger.merge(lora, 1f);
        } catch (LoraShapeException e) {
            throw new IllegalStateException("the model's own hypernetwork made a LoRA its UNet does not fit", e);
        }
    }

    private static ModelSpeedResults.UNetSteps unetSteps(LoadedModel model, UNet merged, LoraSet lora,
                                                         Repetitions repetitions, NDManager inputs)
            throws CancelledException {
        int side = model.config().imageSize() / model.codec().factor();
        Shape shape = new Shape(1, model.config().unet().latentChannels(), side, side);
        NDArray x = SeededNoise.normal(inputs, shape, 4);
        NDArray q = SeededNoise.normal(inputs, shape, 5);
        NDArray t = inputs.create(new float[] {model.config().sampler().trainTimesteps() / 2f});
        NDArray x2 = x.concat(x, 0);
        NDArray q2 = q.concat(q.zerosLike(), 0);
        NDArray t2 = t.concat(t, 0);
        UNet base = model.unet();
        LoraContext perSample = new PerSampleLoraContext(lora, 1f);
        List<Timing> timings = repetitions.interleaved(inputs, List.of(
                s -> base.predictNoise(in(x, s), in(q, s), in(t, s), LoraContext.NONE),
                s -> merged.predictNoise(in(x, s), in(q, s), in(t, s), LoraContext.NONE),
                s -> base.predictNoise(in(x, s), in(q, s), in(t, s), perSample),
                s -> base.predictNoise(in(x2, s), in(q2, s), in(t2, s), LoraContext.NONE)));
        return new ModelSpeedResults.UNetSteps(timings.get(0), timings.get(1), timings.get(2), timings.get(3));
    }

    private List<ModelSpeedResults.PipelineTiming> pipeline(LoadedModel merged, Repetitions repetitions,
                                                            NDManager parent) throws CancelledException {
        List<ModelSpeedResults.PipelineTiming> timings = new ArrayList<>();
        try (EditPipeline pipeline = EditPipeline.forModel(merged)) {
            for (double megapixels : settings.pipelineMegapixels()) {
                int[] size = SyntheticPhotos.size(megapixels);
                log("[2/5] the edit pipeline on a " + size[0] + "x" + size[1] + " photo");
                try (Picture query = SyntheticPhotos.photo(size[0], size[1], 7)) {
                    EditRequest request = new EditRequest(query, LoraContext.NONE,
                            merged.config().sampler().sampling());
                    Timing timing = repetitions.time(parent,
                            scope -> pipeline.edit(request, ProgressListener.NONE, cancel).close());
                    EditRequest blended = request.withFitted(slowestFittedPart());
                    Timing withFitted = repetitions.time(parent,
                            scope -> pipeline.edit(blended, ProgressListener.NONE, cancel).close());
                    timings.add(new ModelSpeedResults.PipelineTiming(megapixels, size[0], size[1], timing,
                            withFitted));
                }
            }
        }
        return timings;
    }

    /**
     * The costliest fitted part an edit can carry: a filter that mixes every blur radius, a colour table, and a
     * share below 1, so the model runs as well and the two are blended.
     */
    static FittedBlend slowestFittedPart() {
        float[] weights = GaussianMixFilter.identity().weights();
        int perChannel = GaussianMixFilter.SIGMAS.length + 2;
        for (int c = 0; c < 3; c++) {
            weights[c * perChannel] = 0.5f;
            for (int i = 1; i <= GaussianMixFilter.SIGMAS.length; i++) {
                weights[c * perChannel + i] = 0.5f / GaussianMixFilter.SIGMAS.length;
            }
        }
        GaussianMixFilter softFocus = GaussianMixFilter.of(256, GaussianMixFilter.SIGMAS, weights);
        return new FittedBlend(softFocus, Lut3d.identity(PairFitter.TABLE_SIZE).towards(0.9), 0.5);
    }

    private static NDArray in(NDArray array, NDManager scope) {
        return Repetitions.inScope(array, scope);
    }

    private void log(String line) {
        log.println(line);
        log.flush();
    }
}
