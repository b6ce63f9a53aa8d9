package studio.loc.hypernet.train;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import java.util.List;
import java.util.Random;
import studio.loc.diffusion.codec.IdentityCodec;
import studio.loc.diffusion.nn.ParameterStore;
import studio.loc.diffusion.sample.NoiseSchedule;
import studio.loc.diffusion.unet.UNet;
import studio.loc.diffusion.unet.UNetConfig;
import studio.loc.hypernet.net.HypernetConfig;
import studio.loc.hypernet.net.LocHypernetwork;

/** Tiny G (UNet on identity-codec latents) and H, 16-px images: a training step takes milliseconds. */
final class TinySetup implements AutoCloseable {

    static final int SIZE = 16;
    static final UNetConfig UNET = new UNetConfig(3, List.of(8, 16), 1, List.of(1), 2, 16, 4);

    final ParameterStore unetStore;
    final UNet unet;
    final LocHypernetwork hypernet;
    final IdentityCodec codec = new IdentityCodec();
    final NoiseSchedule schedule = NoiseSchedule.scaledLinear(100, 0.00085, 0.012);

    TinySetup(NDManager manager, long seed) {
        this.unetStore = new ParameterStore(manager, seed);
        this.unet = new UNet(UNET, unetStore);
        this.hypernet = LocHypernetwork.create(manager, HypernetConfig.tiny(), unet.slots(), seed + 1);
        wakeZeroInitialisedLayers(unetStore, seed);
    }

    /**
     * A fresh UNet's residual branches and output start at zero (it predicts 0 whatever its LoRA); give those
     * weights small random values so G behaves like a trained network on which a LoRA has an effect.
     */
    static void wakeZeroInitialisedLayers(ParameterStore store, long seed) {
        Random random = new Random(seed);
        for (String name : store.names()) {
            NDArray p = store.get(name);
            if (name.endsWith(".weight") && p.getShape().dimension() > 1 && p.abs().max().getFloat() == 0f) {
                float[] values = new float[Math.toIntExact(p.size())];
                for (int i = 0; i < values.length; i++) {
                    values[i] = (float) (random.nextGaussian() * 0.05);
                }
                p.set(values);
            }
        }
    }

    LocObjective objective(TrainingConfig config) {
        return new LocObjective(hypernet, unet, codec, schedule, SIZE, config);
    }

    LocTrainer trainer(TrainingConfig config, QuadSource source, java.nio.file.Path dir) {
        return new LocTrainer(hypernet, unet, unetStore, codec, schedule, SIZE, source, config, dir)
                .withConsole(null);
    }

    /** One fixed quad: a smooth random picture and another, both given the same warm, darker grade. */
    static QuadSource fixedQuad(long seed) {
        Random random = new Random(seed);
        float[] a = smoothImage(random);
        float[] b = smoothImage(random);
        return (step, batchSize, manager) -> {
            NDArray before = repeat(manager, a, batchSize);
            NDArray query = repeat(manager, b, batchSize);
            return new QuadBatch(before, grade(before), query, grade(query));
        };
    }

    /** The edit: darker and warmer (channel-wise affine), in [−1, 1]. */
    static NDArray grade(NDArray images) {
        NDArray gain = images.getManager().create(new float[] {0.9f, 0.6f, 0.4f}, new Shape(1, 3, 1, 1));
        NDArray shift = images.getManager().create(new float[] {0.1f, -0.2f, -0.4f}, new Shape(1, 3, 1, 1));
        return images.mul(gain).add(shift);
    }

    static float[] smoothImage(Random random) {
        float[] values = new float[3 * SIZE * SIZE];
        for (int c = 0; c < 3; c++) {
            double fx = 0.2 + random.nextDouble() * 0.5;
            double fy = 0.2 + random.nextDouble() * 0.5;
            double phase = random.nextDouble() * 6;
            for (int y = 0; y < SIZE; y++) {
                for (int x = 0; x < SIZE; x++) {
                    values[(c * SIZE + y) * SIZE + x] = (float) (0.8 * Math.sin(fx * x + fy * y + phase));
                }
            }
        }
        return values;
    }

    private static NDArray repeat(NDManager manager, float[] image, int batch) {
        return manager.create(image, new Shape(1, 3, SIZE, SIZE)).repeat(0, batch);
    }

    @Override
    public void close() {
        hypernet.close();
        unetStore.close();
    }
}
