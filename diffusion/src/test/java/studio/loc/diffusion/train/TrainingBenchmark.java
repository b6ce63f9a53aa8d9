package studio.loc.diffusion.train;

import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import java.nio.file.Files;
import java.nio.file.Path;
import studio.loc.diffusion.codec.Autoencoder;
import studio.loc.diffusion.codec.AutoencoderConfig;
import studio.loc.diffusion.nn.ParameterStore;
import studio.loc.diffusion.progress.CancellationToken;
import studio.loc.diffusion.sample.NoiseSchedule;
import studio.loc.diffusion.sample.SeededNoise;
import studio.loc.diffusion.unet.UNet;
import studio.loc.diffusion.unet.UNetConfig;

/** Not a test: steps/s of the base-model trainers at the bundled model's size. {@code TrainingBenchmark [steps] [batch]}. */
public final class TrainingBenchmark {

    public static void main(String[] args) throws Exception {
        int steps = args.length > 0 ? Integer.parseInt(args[0]) : 20;
        int batch = args.length > 1 ? Integer.parseInt(args[1]) : 8;
        Path dir = Files.createTempDirectory("train-bench");
        try (NDManager m = NDManager.newBaseManager(); ParameterStore store = new ParameterStore(m, 1)) {
            UNet unet = new UNet(UNetConfig.defaultConfig(), store);
            BatchSource latents = (step, mm) ->
                    SeededNoise.normal(mm, new Shape(batch, 4, 32, 32), StepSeeds.forStep(1, step, 0));
            TrainingResult r = new DenoiserTrainer(unet, store, NoiseSchedule.standard(), latents,
                    new TrainerSettings(steps, 2e-4, 2, 0.01, 1.0, 1, dir.resolve("unet"), 1000, 1000), 0.1)
                    .train(p -> {
                        if (p.step() == p.totalSteps()) {
                            System.out.printf("UNet default (%d params), batch %d of 4x32x32: %.2f steps/s, loss %.4f%n",
                                    store.count(), batch, p.stepsPerSecond(), p.loss());
                        }
                    }, CancellationToken.NEVER);
        }
        try (NDManager m = NDManager.newBaseManager(); ParameterStore store = new ParameterStore(m, 1)) {
            Autoencoder codec = new Autoencoder(AutoencoderConfig.defaultConfig(), store);
            BatchSource images = (step, mm) ->
                    SeededNoise.normal(mm, new Shape(batch, 3, 128, 128), StepSeeds.forStep(2, step, 0)).tanh();
            new CodecTrainer(codec, store, images,
                    new TrainerSettings(steps, 2e-4, 2, 0.01, 1.0, 1, dir.resolve("codec"), 1000, 1000),
                    CodecTrainer.Losses.defaults()).train(p -> {
                        if (p.step() == p.totalSteps()) {
                            System.out.printf("Autoencoder default (%d params), batch %d of 3x128x128: %.2f steps/s%n",
                                    store.count(), batch, p.stepsPerSecond());
                        }
                    }, CancellationToken.NEVER, std -> System.out.printf("latent std %.3f%n", std));
        }
    }
}
