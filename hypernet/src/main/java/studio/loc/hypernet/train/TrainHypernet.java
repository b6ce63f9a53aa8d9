package studio.loc.hypernet.train;

import ai.djl.ndarray.NDManager;
import java.io.IOException;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import studio.loc.diffusion.image.OpenCv;
import studio.loc.diffusion.model.LoadedModel;
import studio.loc.diffusion.model.ModelConfig;
import studio.loc.diffusion.model.ModelFolder;
import studio.loc.diffusion.model.ModelFormatException;
import studio.loc.diffusion.progress.CancellationToken;
import studio.loc.diffusion.progress.CancelledException;
import studio.loc.diffusion.sample.NoiseSchedule;
import studio.loc.diffusion.tensor.DType;
import studio.loc.diffusion.train.TrainingListener;
import studio.loc.hypernet.data.PhotoCorpus;
import studio.loc.hypernet.data.QuadSampler;
import studio.loc.hypernet.net.HypernetLoader;
import studio.loc.hypernet.net.LocHypernetwork;

/**
 * Trains a model folder's hypernetwork (and, in the joint stage, its UNet) with LoRA Reverse on synthetic quads
 * drawn from a folder of photos, then writes a complete model folder. A library entry for developer runs (the
 * product trains through {@code loc-studio train}), called as {@code run(parse(args))} with
 * <pre>
 * --model samples/model --photos photos/ --out runs/r1 [--joint 2000] [--hypernet 4000]
 * [--batch 4] [--seed 1] [--pair-only 0.5] [--checkpoint-every 500] [--log-every 25]
 * </pre>
 * The checkpoint lives in {@code <out>/checkpoint} (a rerun resumes it), the finished model in {@code <out>/model}.
 * Ctrl-C writes a checkpoint before the run ends.
 */
public final class TrainHypernet {

    private TrainHypernet() {
    }

    /**
     * Trains as {@code options} (from {@link #parse}) say. Ctrl-C during a run writes a checkpoint and ends with
     * {@link CancelledException}.
     *
     * @throws IllegalArgumentException when an option is missing or not a number
     */
    public static void run(Map<String, String> options) throws ModelFormatException, IOException, CancelledException {
        Path modelDir = Path.of(required(options, "model"));
        Path photos = Path.of(required(options, "photos"));
        Path out = Path.of(required(options, "out"));
        long seed = Long.parseLong(options.getOrDefault("seed", "1"));
        TrainingConfig config = TrainingConfig.standard(Long.parseLong(options.getOrDefault("joint", "2000")),
                        Long.parseLong(options.getOrDefault("hypernet", "4000")),
                        Integer.parseInt(options.getOrDefault("batch", "4")), seed)
                .withIntervals(Long.parseLong(options.getOrDefault("checkpoint-every", "500")),
                        Long.parseLong(options.getOrDefault("log-every", "25")));
        double pairOnly = Double.parseDouble(options.getOrDefault("pair-only", "0.5"));
        OpenCv.ensureLoaded();
        CancellationToken cancel = new CancellationToken();
        Thread trainer = Thread.currentThread();
        // Ctrl-C: ask the loop to stop at the next step and give it time to write its checkpoint.
        Thread stopOnSignal = new Thread(() -> {
            cancel.cancel();
            try {
                trainer.join(120_000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        });
        Runtime.getRuntime().addShutdownHook(stopOnSignal);
        try {
            train(modelDir, photos, out, seed, config, pairOnly, cancel);
        } finally {
            try {
                Runtime.getRuntime().removeShutdownHook(stopOnSignal);
            } catch (IllegalStateException shuttingDown) {
                // Already shutting down: the hook is running and waits for us.
            }
        }
    }

    private static void train(Path modelDir, Path photos, Path out, long seed, TrainingConfig config, double pairOnly,
                              CancellationToken cancel) throws ModelFormatException, IOException, CancelledException {
        try (NDManager manager = NDManager.newBaseManager(); LoadedModel model = ModelFolder.load(modelDir, manager);
             PhotoCorpus corpus = PhotoCorpus.load(photos);
             LocHypernetwork hypernet = model.hypernetWeights().isPresent() ? HypernetLoader.load(model, manager)
                     : HypernetLoader.fresh(model, manager, seed)) {
            ModelConfig mc = model.config();
            NoiseSchedule schedule = mc.sampler().noiseSchedule();
            QuadSource source = new SampledQuadSource(QuadSampler.categoryBalanced(corpus, mc.imageSize()), pairOnly,
                    seed);
            System.out.printf("Training %s: %d photos, %,d H parameters, %,d UNet parameters, %d steps%n", mc.name(),
                    corpus.size(), hypernet.parameters().count(), model.unet().parameters().count(),
                    config.totalSteps());
            new LocTrainer(hypernet, model.unet(), model.unet().parameters(), model.codec(), schedule,
                    mc.imageSize(), source, config, out.resolve("checkpoint"))
                    .train(TrainingListener.NONE, cancel);
            ModelConfig written = ModelFolder.save(out.resolve("model"), mc, model.codec(), model.unet(),
                    hypernet.parameters(), DType.F32);
            System.out.println("Wrote " + out.resolve("model") + " (" + written.sha256().size() + " weight files)");
        }
    }

    /**
     * Reads {@code --name value} options.
     *
     * @throws IllegalArgumentException naming the options that exist when an argument is not one of them
     */
    public static Map<String, String> parse(String[] args) {
        Map<String, String> options = new LinkedHashMap<>();
        List<String> known = List.of("model", "photos", "out", "joint", "hypernet", "batch", "seed", "pair-only",
                "checkpoint-every", "log-every");
        for (int i = 0; i < args.length; i++) {
            String arg = args[i];
            String name = arg.startsWith("--") ? arg.substring(2) : null;
            if (name == null || !known.contains(name) || i + 1 >= args.length) {
                throw new IllegalArgumentException("unexpected argument \"" + arg + "\"; options: --"
                        + String.join(" --", known) + " (each followed by a value)");
            }
            options.put(name, args[++i]);
        }
        return options;
    }

    private static String required(Map<String, String> options, String name) {
        String value = options.get(name);
        if (value == null) {
            throw new IllegalArgumentException("--" + name + " is required");
        }
        return value;
    }
}
