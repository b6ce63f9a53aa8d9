package studio.loc.diffusion.train;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import java.io.IOException;
import java.util.Map;
import java.util.Objects;
import java.util.function.DoubleConsumer;
import studio.loc.diffusion.codec.Autoencoder;
import studio.loc.diffusion.codec.AutoencoderConfig;
import studio.loc.diffusion.codec.LatentCodec;
import studio.loc.diffusion.nn.ParameterStore;
import studio.loc.diffusion.progress.CancellationToken;
import studio.loc.diffusion.progress.CancelledException;

/**
 * Trains the autoencoder on image crops: L1 reconstruction (sharper than L2 on edges), a small L2 pull on the
 * latents (keeps the latent space compact so G sees values near unit scale), and optionally an L1 loss on image
 * gradients, which fights the blur an L1-only codec settles into. After training it measures the standard
 * deviation of the latents so the codec can be rescaled to unit variance, which the noise schedule assumes.
 */
public final class CodecTrainer {

    /**
     * @param latentWeight weight of mean(z²) (1e-4 … 1e-2)
     * @param edgeWeight weight of the gradient-domain L1 (0 disables it)
     * @param calibrationBatches batches used to measure the latent standard deviation at the end
     */
    public record Losses(double latentWeight, double edgeWeight, int calibrationBatches) {
        public static Losses defaults() {
            return new Losses(1e-3, 0.5, 8);
        }
    }

    /** The outcome: the run and the measured latent standard deviation. */
    public record Result(TrainingResult training, double latentStd) {
    }

    private final LatentCodec codec;
    private final ParameterStore store;
    private final BatchSource images;
    private final TrainerSettings settings;
    private final Losses losses;

    /**
     * @param store the codec's parameters (all are trained)
     * @param images batches of crops [B, 3, H, W] in [−1, 1], H and W multiples of the codec factor
     */
    public CodecTrainer(LatentCodec codec, ParameterStore store, BatchSource images, TrainerSettings settings,
                        Losses losses) {
        this.codec = Objects.requireNonNull(codec, "codec");
        this.store = Objects.requireNonNull(store, "store");
        this.images = Objects.requireNonNull(images, "images");
        this.settings = Objects.requireNonNull(settings, "settings");
        this.losses = Objects.requireNonNull(losses, "losses");
    }

    /**
     * Trains (or resumes), then measures the latent standard deviation and hands it to {@code latentStdSink}: the
     * std of {@code codec.encode} outputs as they are now, so a codec should divide its current scale factor by it.
     */
    public Result train(TrainingListener listener, CancellationToken cancel, DoubleConsumer latentStdSink)
            throws CancelledException, IOException {
        TrainingResult run;
        try (AdamOptimizer adam = new AdamOptimizer(store, store.names(), settings.weightDecay(),
                settings.clipNorm())) {
            run = new TrainingLoop(store, adam, settings.schedule(), this::loss, settings.loopSettings())
                    .withMetadata(() -> Map.of("trainer", "codec"))
                    .run(listener, cancel);
        }
        double std = measureLatentStd();
        latentStdSink.accept(std);
        return new Result(run, std);
    }

    /**
     * The scale factor that gives unit-variance latents, from the current factor and the std its latents had
     * (e.g. {@code config.withScaleFactor(CodecTrainer.unitVarianceScale(config.scaleFactor(), result.latentStd()))}).
     */
    public static float unitVarianceScale(float currentScale, double latentStd) {
        if (!(latentStd > 0) || Double.isInfinite(latentStd)) {
            throw new IllegalArgumentException("latent std must be a positive number, got " + latentStd);
        }
        return (float) (currentScale / latentStd);
    }

    /**
     * The trained autoencoder rebuilt with the scale factor that makes its latents unit-variance (the config is
     * immutable, so the weights are copied into a new network in {@code target}, which the caller owns).
     */
    public static Autoencoder withUnitVarianceLatents(Autoencoder trained, double latentStd, ParameterStore target) {
        AutoencoderConfig config = trained.config();
        Autoencoder rescaled = new Autoencoder(
                config.withScaleFactor(unitVarianceScale(config.scaleFactor(), latentStd)), target);
        for (String name : trained.parameters().names()) {
            target.assign(name, trained.parameters().get(name).toFloatArray());
        }
        return rescaled;
    }

    NDArray loss(long step, NDManager manager) {
        NDArray x = images.batch(step, manager);
        NDArray z = codec.encode(x);
        NDArray reconstruction = codec.decode(z);
        NDArray loss = reconstruction.sub(x).abs().mean();
        if (losses.latentWeight() > 0) {
            loss = loss.add(z.square().mean().mul((float) losses.latentWeight()));
        }
        if (losses.edgeWeight() > 0) {
            loss = loss.add(edgeLoss(reconstruction, x).mul((float) losses.edgeWeight()));
        }
        return loss;
    }

    /** L1 between horizontal and vertical finite differences of the two images. */
    static NDArray edgeLoss(NDArray a, NDArray b) {
        NDArray dxA = a.get(":, :, :, 1:").sub(a.get(":, :, :, :-1"));
        NDArray dxB = b.get(":, :, :, 1:").sub(b.get(":, :, :, :-1"));
        NDArray dyA = a.get(":, :, 1:, :").sub(a.get(":, :, :-1, :"));
        NDArray dyB = b.get(":, :, 1:, :").sub(b.get(":, :, :-1, :"));
        return dxA.sub(dxB).abs().mean().add(dyA.sub(dyB).abs().mean());
    }

    /** Pooled standard deviation of the latents over the first calibration batches. */
    double measureLatentStd() {
        double sum = 0;
        double squares = 0;
        long count = 0;
        for (int i = 0; i < Math.max(1, losses.calibrationBatches()); i++) {
            try (NDManager scratch = store.manager().newSubManager()) {
                NDArray z = codec.encode(images.batch(i, scratch));
                z.attach(scratch);
                sum += z.sum().getFloat();
                squares += z.square().sum().getFloat();
                count += z.size();
            }
        }
        double mean = sum / count;
        return Math.sqrt(Math.max(squares / count - mean * mean, 0));
    }
}
