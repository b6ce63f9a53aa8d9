package studio.loc.hypernet.train;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.training.GradientCollector;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import studio.loc.diffusion.codec.LatentCodec;
import studio.loc.diffusion.nn.ParameterStore;
import studio.loc.diffusion.progress.CancellationToken;
import studio.loc.diffusion.progress.CancelledException;
import studio.loc.diffusion.sample.NoiseSchedule;
import studio.loc.diffusion.model.ModelFolder;
import studio.loc.diffusion.model.WeightsIo;
import studio.loc.diffusion.tensor.DType;
import studio.loc.diffusion.train.AdamOptimizer;
import studio.loc.diffusion.train.Checkpoint;
import studio.loc.diffusion.train.LrSchedule;
import studio.loc.diffusion.train.TrainingListener;
import studio.loc.diffusion.train.TrainingLoop;
import studio.loc.diffusion.train.TrainingResult;
import studio.loc.diffusion.unet.Denoiser;
import studio.loc.hypernet.net.LocHypernetwork;

/**
 * Trains H (and, in stages that say so, G) with the {@link LocObjective}: AdamW per network with global-norm
 * clipping, a warm-up + cosine rate per stage, a checkpoint every N steps (and at the end, and on cancel) from
 * which a run resumes exactly, a CSV log and a console line every {@code logEvery} steps.
 *
 * <p>It runs on the diffusion package's {@link TrainingLoop} (resume, progress, checkpoints) with a step of its own:
 * it updates two networks, freezes G in some stages, and logs the loss per term.
 */
public final class LocTrainer {

    public static final String HYPERNET_WEIGHTS = ModelFolder.HYPERNET_FILE;
    public static final String UNET_WEIGHTS = ModelFolder.UNET_FILE;
    /** Both networks' parameters and optimiser moments (prefixes "h" and "g") and the step. */
    public static final Checkpoint.Layout CHECKPOINT = new Checkpoint.Layout("loc-checkpoint.safetensors",
            "loc-hypernet-checkpoint/1");

    private final LocHypernetwork hypernet;
    private final ParameterStore denoiserParameters;
    private final LocObjective objective;
    private final QuadSource source;
    private final TrainingConfig config;
    private final Path checkpointDir;
    private PrintStream console = System.out;

    /**
     * @param denoiserParameters G's parameters (trained in stages with {@code trainDenoiser})
     * @param imageSize side of the images G works on before encoding
     * @param checkpointDir checkpoint and CSV log folder; a checkpoint already there is resumed
     */
    public LocTrainer(LocHypernetwork hypernet, Denoiser denoiser, ParameterStore denoiserParameters,
                      LatentCodec codec, NoiseSchedule schedule, int imageSize, QuadSource source,
                      TrainingConfig config, Path checkpointDir) {
        this.hypernet = Objects.requireNonNull(hypernet, "hypernet");
        this.denoiserParameters = Objects.requireNonNull(denoiserParameters, "denoiserParameters");
        this.source = Objects.requireNonNull(source, "source");
        this.config = Objects.requireNonNull(config, "config");
        this.checkpointDir = Objects.requireNonNull(checkpointDir, "checkpointDir");
        this.objective = new LocObjective(hypernet, denoiser, codec, schedule, imageSize, config);
    }

    /** Where the console lines go (null: nowhere). */
    public LocTrainer withConsole(PrintStream stream) {
        this.console = stream;
        return this;
    }

    /**
     * Runs (or resumes) to the end of the last stage.
     *
     * @throws CancelledException after writing a checkpoint of the steps finished so far
     * @throws IOException when the checkpoint or the log cannot be read or written
     */
    public TrainingResult train(TrainingListener listener, CancellationToken cancel)
            throws CancelledException, IOException {
        ParameterStore hStore = hypernet.parameters();
        boolean anyDenoiserStage = config.stages().stream().anyMatch(TrainingConfig.Stage::trainDenoiser);
        try (AdamOptimizer hOpt = new AdamOptimizer(hStore, hStore.names(), config.weightDecay(), config.clipNorm());
             AdamOptimizer gOpt = anyDenoiserStage ? new AdamOptimizer(denoiserParameters, denoiserParameters.names(),
                     config.weightDecay(), config.clipNorm()) : null) {
            List<Checkpoint.Part> parts = List.of(new Checkpoint.Part("h", hStore, hOpt),
                    new Checkpoint.Part("g", denoiserParameters, gOpt));
            StepDetails last = new StepDetails();
            TrainingLoop.Step step = (index, scratch) -> {
                int stageIndex = config.stageIndex(index);
                TrainingConfig.Stage stage = config.stages().get(stageIndex);
                if (!Boolean.valueOf(stage.trainDenoiser()).equals(last.denoiserTrainable)) {
                    setTrainable(denoiserParameters, stage.trainDenoiser());
                    last.denoiserTrainable = stage.trainDenoiser();
                }
                double rate = schedule(stageIndex).rate(index - config.stageStart(stageIndex));
                QuadBatch batch = source.batch(index, config.batchSize(), scratch);
                double loss;
                try (GradientCollector collector = Engine.getInstance().newGradientCollector()) {
                    LocObjective.Terms terms = objective.loss(index, batch, stage.trainDenoiser(), scratch);
                    collector.backward(terms.total());
                    loss = terms.total().getFloat();
                    last.terms = terms.perTerm();
                }
                double gradH = hOpt.step(rate);
                last.gradG = stage.trainDenoiser() ? gOpt.step(rate) : Double.NaN;
                last.stage = stage.name();
                return new TrainingLoop.StepOutcome(loss, rate, gradH);
            };
            TrainingLog log = new TrainingLog(checkpointDir);
            TrainingLoop.StepLog record = (progress, logLine) -> {
                log.add(progress.loss(), last.terms);
                if (logLine) {
                    if (console != null) {
                        console.println("[" + last.stage + "] " + progress.message() + termSummary(last.terms));
                    }
                    log.flush(progress.step(), last.stage, progress.learningRate(), progress.gradNorm(), last.gradG,
                            progress.stepsPerSecond(), progress.etaSeconds());
                }
            };
            return new TrainingLoop(hStore.manager(), CHECKPOINT, parts, step, record,
                    new TrainingLoop.Settings(config.totalSteps(), checkpointDir, config.checkpointEvery(),
                            config.logEvery()))
                    .withMetadata(this::metadata)
                    .run(listener, cancel);
        } finally {
            setTrainable(denoiserParameters, false);
            setTrainable(hStore, false);
        }
    }

    /** What the last step did beyond its loss, for the per-term log and the console line. */
    private static final class StepDetails {
        Boolean denoiserTrainable;
        Map<String, Double> terms = Map.of();
        double gradG = Double.NaN;
        String stage = "";
    }

    /**
     * Writes the trained networks' weights ({@value #HYPERNET_WEIGHTS}, {@value #UNET_WEIGHTS}) into
     * {@code modelDir}, matched by parameter name as {@link WeightsIo} loads them. (A complete model folder with
     * model.json and checksums is written by {@code ModelFolder.save}.)
     */
    public void exportWeights(Path modelDir) throws IOException {
        Files.createDirectories(modelDir);
        WeightsIo.save(hypernet.parameters(), modelDir.resolve(HYPERNET_WEIGHTS),
                Map.of("network", "hypernet", "config", hypernet.config().toJson().toString()), DType.F32);
        WeightsIo.save(denoiserParameters, modelDir.resolve(UNET_WEIGHTS), Map.of("network", "unet"), DType.F32);
    }

    /** The checkpoint file of this run's folder. */
    public Path checkpointFile() {
        return CHECKPOINT.file(checkpointDir);
    }

    private LrSchedule schedule(int stageIndex) {
        TrainingConfig.Stage stage = config.stages().get(stageIndex);
        long warmup = Math.round(stage.steps() * config.warmupFraction());
        return LrSchedule.warmupCosine(stage.learningRate(), warmup, stage.steps(), 0.1);
    }

    private Map<String, String> metadata() {
        Map<String, String> metadata = new LinkedHashMap<>();
        metadata.put("trainer", "loc");
        metadata.put("hypernet", hypernet.config().toJson().toString());
        metadata.put("total_steps", Long.toString(config.totalSteps()));
        return metadata;
    }

    private static void setTrainable(ParameterStore store, boolean trainable) {
        for (NDArray p : store.asMap().values()) {
            if (p.hasGradient() != trainable) {
                p.setRequiresGradient(trainable);
            }
        }
    }

    private static String termSummary(Map<String, Double> terms) {
        StringBuilder text = new StringBuilder();
        for (var e : terms.entrySet()) {
            text.append(String.format(Locale.ROOT, " · %s %.4f", e.getKey(), e.getValue()));
        }
        return text.toString();
    }
}
