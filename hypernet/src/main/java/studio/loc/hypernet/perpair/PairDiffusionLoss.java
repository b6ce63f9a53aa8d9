package studio.loc.hypernet.perpair;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import java.util.Random;
import studio.loc.diffusion.image.Picture;
import studio.loc.diffusion.image.Pictures;
import studio.loc.diffusion.lora.LoraSet;
import studio.loc.diffusion.lora.PerSampleLoraContext;
import studio.loc.diffusion.model.LoadedModel;
import studio.loc.diffusion.pipeline.PictureTensors;
import studio.loc.diffusion.sample.NoiseSchedule;
import studio.loc.diffusion.sample.SeededNoise;
import studio.loc.diffusion.unet.Denoiser;

/**
 * The loss the per-pair baseline minimises: G, frozen, with a LoRA turns A into A' — the LoC forward term, with
 * the LoRA itself as the variable instead of a hypernetwork's output. It goes through the model's own schedule,
 * so the UNet's output is read as ε whatever it predicts, and the ε-space error is weighted into the model's own
 * training loss (ε or v). The condition is never dropped: the pair's A is always there.
 */
final class PairDiffusionLoss {

    private final Denoiser network;
    private final NoiseSchedule schedule;
    private final NDArray before;
    private final NDArray after;

    private PairDiffusionLoss(Denoiser network, NoiseSchedule schedule, NDArray before, NDArray after) {
        this.network = network;
        this.schedule = schedule;
        this.before = before;
        this.after = after;
    }

    /**
     * Encodes the pair into {@code manager}. Both pictures are squashed to the model's square working size, as the
     * training of G and H sees pairs.
     */
    static PairDiffusionLoss of(LoadedModel model, Picture before, Picture after, NDManager manager) {
        NoiseSchedule schedule = model.config().sampler().noiseSchedule();
        int size = model.config().imageSize();
        return new PairDiffusionLoss(model.unet(), schedule,
                latent(model, before, size, manager), latent(model, after, size, manager));
    }

    private static NDArray latent(LoadedModel model, Picture picture, int size, NDManager manager) {
        try (Picture small = Pictures.resize(picture, size, size)) {
            NDArray latent = model.codec().encode(PictureTensors.toTensor(small.rgb(), manager));
            latent.attach(manager);
            return latent;
        }
    }

    /**
     * The mean loss over {@code samples} draws (timestep, noise) taken from {@code random}; differentiable in the
     * LoRA. Everything it creates lives in {@code manager}.
     */
    NDArray loss(LoraSet lora, Random random, int samples, NDManager manager) {
        int[] t = new int[samples];
        for (int i = 0; i < samples; i++) {
            t[i] = random.nextInt(schedule.timesteps());
        }
        Shape one = after.getShape();
        Shape shape = new Shape(samples, one.get(1), one.get(2), one.get(3));
        NDArray noise = SeededNoise.normal(manager, shape, random);
        NDArray x0 = scoped(after, manager).repeat(0, samples);
        NDArray condition = scoped(before, manager).repeat(0, samples);
        return schedule.trainingError(network, x0, noise, t, condition, new PerSampleLoraContext(lora, 1f)).mean();
    }

    /** A view owned by the step's manager, so what is computed from the long-lived latent is freed with the step. */
    private static NDArray scoped(NDArray array, NDManager manager) {
        NDArray view = array.reshape(array.getShape());
        view.attach(manager);
        return view;
    }
}
