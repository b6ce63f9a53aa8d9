package studio.loc.hypernet.recipe;

import ai.djl.ndarray.NDManager;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import studio.loc.diffusion.codec.Autoencoder;
import studio.loc.diffusion.codec.AutoencoderConfig;
import studio.loc.diffusion.model.ModelConfig;
import studio.loc.diffusion.model.ModelFolder;
import studio.loc.diffusion.model.ModelFormatException;
import studio.loc.diffusion.model.WeightsIo;
import studio.loc.diffusion.nn.ParameterStore;
import studio.loc.diffusion.progress.CancellationToken;
import studio.loc.diffusion.progress.CancelledException;
import studio.loc.diffusion.sample.NoiseSchedule;
import studio.loc.diffusion.tensor.DType;
import studio.loc.diffusion.train.DenoiserTrainer;
import studio.loc.diffusion.train.TrainerSettings;
import studio.loc.diffusion.unet.UNet;
import studio.loc.diffusion.unet.UNetConfig;
import studio.loc.hypernet.data.PhotoCorpus;
import studio.loc.hypernet.data.QuadSampler;
import studio.loc.hypernet.data.UserPairSampler;
import studio.loc.hypernet.net.HypernetConfig;
import studio.loc.hypernet.net.LocHypernetwork;
import studio.loc.hypernet.train.LocTrainer;
import studio.loc.hypernet.train.SampledQuadSource;
import studio.loc.hypernet.train.TrainingConfig;

/**
 * Trains the bundled model from scratch: (1) the latent autoencoder, (2) G warm-up (zero LoRA reproduces the
 * query), (3) G and H jointly with LoRA Reverse (optional: 0 steps skips it), (4) H alone with G frozen, (5) an
 * optional low-rate fine-tuning of both (see {@link FinetuneStage}); then writes the model folder.
 *
 * <p>Every stage checkpoints into the work folder and resumes where it stopped, so the recipe survives being
 * interrupted at any point: run the same command again. A finished stage leaves its weights in the work folder and
 * is skipped on the next run.
 */
public final class DefaultModelRecipe {

    private static final String CODEC_WEIGHTS = "codec-final.safetensors";
    private static final String CODEC_SCALE = "codec-scale.txt";
    private static final String WARM_UNET_WEIGHTS = "unet-warm.safetensors";

    private final RecipeConfig recipe;
    private final Path photos;
    private final Path work;
    private final PrintStream console;
    private final CancellationToken cancel;
    private Path userPairFolder;
    private double userPairShare;

    public DefaultModelRecipe(RecipeConfig recipe, Path photos, Path work, PrintStream console,
                              CancellationToken cancel) {
        this.recipe = recipe;
        this.photos = photos;
        this.work = work;
        this.console = console;
        this.cancel = cancel;
    }

    /**
     * Draws a share of the hypernetwork stages' samples from a folder of the user's own before/after pairs
     * ({@link studio.loc.hypernet.data.PairFolder} describes the layouts).
     *
     * @param share in (0, 1]
     */
    public DefaultModelRecipe withUserPairs(Path folder, double share) {
        // Checked here, not hours later when the hypernetwork stage builds its batches.
        this.userPairShare = SampledQuadSource.requireUserPairShare(share);
        this.userPairFolder = folder;
        return this;
    }

    /** Runs (or resumes) every stage and writes the model folder {@code output}. */
    public ModelConfig run(Path output) throws IOException, ModelFormatException, CancelledException {
        Files.createDirectories(work);
        // The user's pairs are checked before hours of codec and UNet training, not when the LoC stage needs them.
        try (PhotoCorpus corpus = PhotoCorpus.load(photos); UserPairSampler userPairs = loadUserPairs()) {
            console.println("Training photos: " + corpus.size() + " from " + photos
                    + (corpus.skipped().isEmpty() ? "" : " (skipped: " + corpus.skipped() + ")"));
            AutoencoderConfig codecConfig = codecStage(corpus);
            try (NDManager root = NDManager.newBaseManager()) {
                Autoencoder codec = new Autoencoder(codecConfig, new ParameterStore(root, recipe.seed()));
                WeightsIo.load(codec.parameters(), work.resolve(CODEC_WEIGHTS));
                UNet unet = new UNet(UNetConfig.defaultConfig(), new ParameterStore(root, recipe.seed() + 1));
                NoiseSchedule schedule = recipe.sampler().noiseSchedule();
                denoiserStage(corpus, codec, unet, schedule);
                HypernetConfig hConfig = HypernetConfig.defaultConfig();
                try (LocHypernetwork hypernet = LocHypernetwork.create(root, hConfig, unet.slots(),
                        recipe.seed() + 2)) {
                    locStage(corpus, userPairs, codec, unet, schedule, hypernet);
                    ModelConfig config = new ModelConfig(recipe.name(), "1", recipe.imageSize(), Map.of(),
                            codecConfig, unet.config(), hConfig.toJson(), unet.slots(), hConfig.rank(),
                            hConfig.alpha(), recipe.sampler());
                    ModelConfig written = ModelFolder.save(output, config, codec, unet, hypernet.parameters(),
                            DType.F16);
                    console.println("Model written to " + output);
                    return written;
                }
            }
        }
    }

    private AutoencoderConfig codecStage(PhotoCorpus corpus) throws IOException, CancelledException {
        Path weights = work.resolve(CODEC_WEIGHTS);
        Path scale = work.resolve(CODEC_SCALE);
        AutoencoderConfig base = AutoencoderConfig.defaultConfig();
        if (Files.isRegularFile(weights) && Files.isRegularFile(scale)) {
            console.println("[codec] done earlier; reusing " + weights);
            return base.withScaleFactor(Float.parseFloat(Files.readString(scale).trim()));
        }
        AutoencoderConfig trained;
        try (NDManager root = NDManager.newBaseManager(); ParameterStore store = new ParameterStore(root,
                recipe.seed())) {
            Autoencoder codec = new Autoencoder(base, store);
            StageSettings stage = recipe.codec();
            TrainerSettings settings = new TrainerSettings(stage.steps(), stage.learningRate(),
                    Math.max(1, stage.steps() / 20), 0.0, 1.0, recipe.seed(), work.resolve("codec"),
                    stage.checkpointEvery(), 25);
            double[] std = new double[1];
            new studio.loc.diffusion.train.CodecTrainer(codec, store,
                    new CorpusImageBatches(corpus, stage.batch(), recipe.codecCrop(), recipe.seed()), settings,
                    studio.loc.diffusion.train.CodecTrainer.Losses.defaults())
                    .train(new ConsoleTrainingListener("codec", 25, console), cancel, s -> std[0] = s);
            trained = base.withScaleFactor((float) (base.scaleFactor() / std[0]));
            WeightsIo.save(store, weights, Map.of("stage", "codec"), DType.F32);
        }
        Files.writeString(scale, Float.toString(trained.scaleFactor()));
        console.println("[codec] latent scale factor " + trained.scaleFactor());
        return trained;
    }

    private void denoiserStage(PhotoCorpus corpus, Autoencoder codec, UNet unet, NoiseSchedule schedule)
            throws IOException, ModelFormatException, CancelledException {
        Path weights = work.resolve(WARM_UNET_WEIGHTS);
        if (Files.isRegularFile(weights)) {
            console.println("[denoiser] done earlier; reusing " + weights);
            WeightsIo.load(unet.parameters(), weights);
            return;
        }
        StageSettings stage = recipe.denoiser();
        TrainerSettings settings = new TrainerSettings(stage.steps(), stage.learningRate(),
                Math.max(1, stage.steps() / 20), 0.01, 1.0, recipe.seed() + 1, work.resolve("denoiser"),
                stage.checkpointEvery(), 25);
        new DenoiserTrainer(unet, unet.parameters(), schedule, DenoiserTrainer.latentsOf(
                new CorpusImageBatches(corpus, stage.batch(), recipe.imageSize(), recipe.seed() + 1), codec),
                settings, DenoiserTrainer.DEFAULT_CONDITION_DROPOUT)
                .train(new ConsoleTrainingListener("denoiser", 25, console), cancel);
        WeightsIo.save(unet.parameters(), weights, Map.of("stage", "denoiser"), DType.F32);
    }

    /** The user's pairs (their problems listed on the console), or null when none were asked for. */
    private UserPairSampler loadUserPairs() throws IOException {
        if (userPairFolder == null) {
            return null;
        }
        UserPairSampler pairs = UserPairSampler.load(userPairFolder, recipe.imageSize());
        console.println("Your pairs: " + pairs.size() + " from " + userPairFolder + ", "
                + Math.round(userPairShare * 100) + " % of the hypernetwork's samples");
        for (var problem : pairs.skipped()) {
            console.println("  skipped " + problem);
        }
        return pairs;
    }

    private void locStage(PhotoCorpus corpus, UserPairSampler userPairs, Autoencoder codec, UNet unet,
                          NoiseSchedule schedule, LocHypernetwork hypernet) throws IOException, CancelledException {
        StageSettings joint = recipe.joint();
        StageSettings alone = recipe.hypernetOnly();
        // A joint stage of 0 steps trains H alone on the frozen warm G, as LoC does on its frozen base model: G
        // then cannot take the edit over itself, so only a pair-dependent LoRA lowers the loss.
        StageSettings first = joint.steps() > 0 ? joint : alone;
        List<TrainingConfig.Stage> stages = new ArrayList<>();
        if (joint.steps() > 0) {
            stages.add(new TrainingConfig.Stage("joint", joint.steps(), true, joint.learningRate()));
        }
        stages.add(new TrainingConfig.Stage("hypernet", alone.steps(), false, alone.learningRate()));
        FinetuneStage finetune = recipe.finetune();
        if (finetune.runs()) {
            // One trainer runs every LoC stage, with one batch size.
            if (finetune.stage().batch() != first.batch()) {
                throw new IllegalArgumentException("the finetune stage's batch (" + finetune.stage().batch()
                        + ") must equal the first LoC stage's (" + first.batch() + ")");
            }
            stages.add(new TrainingConfig.Stage("finetune", finetune.stage().steps(), finetune.trainsDenoiser(),
                    finetune.stage().learningRate()));
        }
        TrainingConfig config = TrainingConfig.standard(stages, first.batch(), recipe.seed() + 3)
                .withIntervals(first.checkpointEvery(), 25)
                .withTerms(recipe.reverse(), recipe.quad());
        SampledQuadSource quads = new SampledQuadSource(QuadSampler.categoryBalanced(corpus, recipe.imageSize()),
                recipe.pairOnlyFraction(), recipe.seed() + 3);
        if (userPairs != null) {
            quads = quads.withUserPairs(userPairs, userPairShare);
        }
        new LocTrainer(hypernet, unet, unet.parameters(), codec, schedule, recipe.imageSize(), quads, config,
                work.resolve("loc")).withConsole(console)
                .train(new ConsoleTrainingListener("loc", 25, console), cancel);
    }
}
