package studio.loc.diffusion.sample;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import java.util.Arrays;
import java.util.Locale;
import studio.loc.diffusion.lora.LoraContext;
import studio.loc.diffusion.unet.Denoiser;

/**
 * The DDPM forward process q(x_t | x_0) = N(√ᾱ_t·x_0, (1 − ᾱ_t)·I) over {@code T} discrete steps.
 *
 * <p>The default is Stable Diffusion's <em>scaled-linear</em> betas (√β linear from 0.00085 to 0.012): G works in a
 * codec latent scaled to unit variance, which is exactly what that schedule was tuned for, and InstructPix2Pix-style
 * conditioning was trained with it. The <em>cosine</em> schedule (Nichol &amp; Dhariwal) destroys information more
 * evenly and suits pixel-space models (the identity codec of the tests and the tiniest bundled configs).
 */
public final class NoiseSchedule {

    /** Number of training timesteps of every bundled model. */
    public static final int DEFAULT_TIMESTEPS = 1000;

    /** Which beta curve a schedule uses; stored in model.json under its {@link #configName()}. */
    public enum Kind {
        SCALED_LINEAR, COSINE;

        /** The name model.json uses: "scaled_linear" or "cosine". */
        public String configName() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    private final Kind kind;
    private final double[] betas;
    private final double[] alphasCumprod;
    private final Prediction prediction;

    private NoiseSchedule(Kind kind, double[] betas) {
        this(kind, betas, Prediction.EPSILON);
    }

    private NoiseSchedule(Kind kind, double[] betas, Prediction prediction) {
        this.kind = kind;
        this.betas = betas;
        this.prediction = java.util.Objects.requireNonNull(prediction, "prediction");
        this.alphasCumprod = new double[betas.length];
        double product = 1;
        for (int t = 0; t < betas.length; t++) {
            product *= 1 - betas[t];
            alphasCumprod[t] = product;
        }
    }

    /** The default: scaled-linear, T = 1000, β from 0.00085 to 0.012. */
    public static NoiseSchedule standard() {
        return scaledLinear(DEFAULT_TIMESTEPS, 0.00085, 0.012);
    }

    public static NoiseSchedule of(Kind kind, int timesteps) {
        return kind == Kind.COSINE ? cosine(timesteps) : scaledLinear(timesteps, 0.00085, 0.012);
    }

    /**
     * The schedule model.json names ({@code sampler.schedule}, {@code sampler.trainTimesteps}).
     *
     * @throws IllegalArgumentException naming the accepted values when {@code name} is unknown
     */
    public static NoiseSchedule named(String name, int timesteps) {
        for (Kind kind : Kind.values()) {
            if (kind.configName().equalsIgnoreCase(name.strip())) {
                return of(kind, timesteps);
            }
        }
        throw new IllegalArgumentException("unknown noise schedule \"" + name + "\": use \"scaled_linear\" or \"cosine\"");
    }

    public static NoiseSchedule scaledLinear(int timesteps, double betaStart, double betaEnd) {
        requirePositive(timesteps);
        double[] betas = new double[timesteps];
        double a = Math.sqrt(betaStart);
        double b = Math.sqrt(betaEnd);
        for (int t = 0; t < timesteps; t++) {
            double root = timesteps == 1 ? a : a + (b - a) * t / (timesteps - 1);
            betas[t] = root * root;
        }
        return new NoiseSchedule(Kind.SCALED_LINEAR, betas);
    }

    /** ᾱ(t) = cos²((t/T + s)/(1 + s)·π/2) with s = 0.008, betas clipped at 0.999 as in the paper. */
    public static NoiseSchedule cosine(int timesteps) {
        requirePositive(timesteps);
        double s = 0.008;
        double[] betas = new double[timesteps];
        for (int t = 0; t < timesteps; t++) {
            double now = cosineAlphaBar((double) t / timesteps, s);
            double next = cosineAlphaBar((double) (t + 1) / timesteps, s);
            betas[t] = Math.min(1 - next / now, 0.999);
        }
        return new NoiseSchedule(Kind.COSINE, betas);
    }

    private static double cosineAlphaBar(double fraction, double s) {
        double c = Math.cos((fraction + s) / (1 + s) * Math.PI / 2);
        return c * c;
    }

    private static void requirePositive(int timesteps) {
        if (timesteps < 1) {
            throw new IllegalArgumentException("a noise schedule needs at least one timestep, got " + timesteps);
        }
    }

    public Kind kind() {
        return kind;
    }

    /** What the UNet trained with this schedule predicts (ε unless said otherwise). */
    public Prediction prediction() {
        return prediction;
    }

    /** The same betas for a UNet that predicts {@code newPrediction}. */
    public NoiseSchedule withPrediction(Prediction newPrediction) {
        return new NoiseSchedule(kind, betas, newPrediction);
    }

    /** {@code network} seen as an ε-predictor, whatever it was trained to predict (see {@link Prediction}). */
    public Denoiser noisePredictor(Denoiser network) {
        return prediction.noisePredictor(network, this);
    }

    /**
     * Per-sample factors [B, 1, …] that turn ε-space squared errors at timesteps {@code t} into the training loss of
     * this schedule's prediction (all ones for ε).
     */
    public NDArray lossWeights(NDManager manager, int[] t, Shape like) {
        float[] weights = new float[t.length];
        for (int i = 0; i < t.length; i++) {
            weights[i] = (float) prediction.lossWeight(this, t[i]);
        }
        return manager.create(weights, perSampleShape(like));
    }

    /** T, the number of training timesteps. */
    public int timesteps() {
        return betas.length;
    }

    public double beta(int t) {
        return betas[t];
    }

    /** ᾱ_t = ∏_{s ≤ t} (1 − β_s). */
    public double alphaCumprod(int t) {
        return alphasCumprod[t];
    }

    /** Signal-to-noise ratio ᾱ_t / (1 − ᾱ_t) (for loss weighting and diagnostics). */
    public double snr(int t) {
        return alphasCumprod[t] / (1 - alphasCumprod[t]);
    }

    /**
     * x_t = √ᾱ_t·x_0 + √(1 − ᾱ_t)·ε with one timestep per sample; the result lives in {@code x0}'s manager.
     *
     * @param x0 clean latents [B, ...]
     * @param noise ε, same shape
     * @param t timestep per sample, length B
     */
    public NDArray addNoise(NDArray x0, NDArray noise, int[] t) {
        long batch = x0.getShape().get(0);
        if (t.length != batch) {
            throw new IllegalArgumentException("need one timestep per sample: batch " + batch + ", got " + t.length);
        }
        NDManager manager = x0.getManager();
        NDArray a = signalScales(manager, t, x0.getShape());
        NDArray b = noiseScales(manager, t, x0.getShape());
        return x0.mul(a).add(noise.mul(b));
    }

    /**
     * The training error of {@code network} on one batch: x_0 noised to x_t with {@code noise} at timesteps
     * {@code t}, the network's output read as ε, and the squared ε error weighted into this schedule's prediction
     * loss (ε or v). Every trainer goes through here, so none can forget the weights.
     *
     * @return the weighted squared error per element, shaped like {@code x0} (reduce it as the caller needs)
     */
    public NDArray trainingError(Denoiser network, NDArray x0, NDArray noise, int[] t, NDArray condition,
                                 LoraContext lora) {
        NDManager manager = x0.getManager();
        NDArray predicted = noisePredictor(network).predictNoise(addNoise(x0, noise, t), condition,
                timestepArray(manager, t), lora);
        return predicted.sub(noise).square().mul(lossWeights(manager, t, x0.getShape()));
    }

    /** √ᾱ_t per sample, shaped [B, 1, …] to broadcast over arrays shaped like {@code like}. */
    public NDArray signalScales(NDManager manager, int[] t, Shape like) {
        float[] values = new float[t.length];
        for (int i = 0; i < t.length; i++) {
            values[i] = (float) Math.sqrt(alphasCumprod[t[i]]);
        }
        return manager.create(values, perSampleShape(like));
    }

    /** √(1 − ᾱ_t) per sample, shaped like {@link #signalScales}. */
    public NDArray noiseScales(NDManager manager, int[] t, Shape like) {
        float[] values = new float[t.length];
        for (int i = 0; i < t.length; i++) {
            values[i] = (float) Math.sqrt(1 - alphasCumprod[t[i]]);
        }
        return manager.create(values, perSampleShape(like));
    }

    /** The integer timesteps of the float vector a denoiser receives (inverse of {@link #timestepArray}). */
    public static int[] timestepsOf(NDArray timesteps) {
        float[] values = timesteps.toFloatArray();
        int[] t = new int[values.length];
        for (int i = 0; i < values.length; i++) {
            t[i] = Math.round(values[i]);
        }
        return t;
    }

    /** The timesteps as the float vector [B] the denoiser takes. */
    public static NDArray timestepArray(NDManager manager, int[] t) {
        float[] values = new float[t.length];
        for (int i = 0; i < t.length; i++) {
            values[i] = t[i];
        }
        return manager.create(values);
    }

    /** [B, 1, 1, ...] so a per-sample scalar broadcasts over a sample. */
    static Shape perSampleShape(Shape shape) {
        long[] dims = new long[shape.dimension()];
        Arrays.fill(dims, 1);
        dims[0] = shape.get(0);
        return new Shape(dims);
    }
}
