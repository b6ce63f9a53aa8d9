package studio.loc.hypernet.train;

import ai.djl.ndarray.NDManager;
import java.nio.file.Path;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;
import org.junit.jupiter.api.io.TempDir;
import studio.loc.diffusion.codec.Autoencoder;
import studio.loc.diffusion.codec.AutoencoderConfig;
import studio.loc.diffusion.nn.ParameterStore;
import studio.loc.diffusion.progress.CancellationToken;
import studio.loc.diffusion.sample.NoiseSchedule;
import studio.loc.diffusion.train.TrainingListener;
import studio.loc.diffusion.train.TrainingResult;
import studio.loc.diffusion.unet.UNet;
import studio.loc.diffusion.unet.UNetConfig;
import studio.loc.hypernet.net.HypernetConfig;
import studio.loc.hypernet.net.LocHypernetwork;

/**
 * Training throughput of the bundled model's configuration (default codec, UNet and H, 128-px images, batch 4) for
 * each stage. A benchmark, not a test: {@code -Dloc.bench=true -Dtest=DefaultModelTrainingBenchmark}.
 */
@EnabledIfSystemProperty(named = "loc.bench", matches = "true")
class DefaultModelTrainingBenchmark {

    @Test
    void stepsPerSecond(@TempDir Path dir) throws Exception {
        int size = 128;
        int batch = 4;
        try (NDManager m = NDManager.newBaseManager(); ParameterStore codecStore = new ParameterStore(m, 1);
             ParameterStore unetStore = new ParameterStore(m, 2)) {
            Autoencoder codec = new Autoencoder(AutoencoderConfig.defaultConfig(), codecStore);
            UNet unet = new UNet(UNetConfig.defaultConfig(), unetStore);
            try (LocHypernetwork h = LocHypernetwork.create(m, HypernetConfig.defaultConfig(), unet.slots(), 3)) {
                Random random = new Random(1);
                float[] a = new float[3 * size * size];
                for (int i = 0; i < a.length; i++) {
                    a[i] = (float) (random.nextDouble() * 2 - 1);
                }
                QuadSource source = (step, n, manager) -> {
                    var before = manager.create(a, new ai.djl.ndarray.types.Shape(1, 3, size, size)).repeat(0, n);
                    return new QuadBatch(before, before.mul(0.8f), before.flip(3), before.flip(3).mul(0.8f));
                };
                for (boolean joint : new boolean[] {true, false}) {
                    TrainingConfig config = TrainingConfig.standard(1, 1, batch, 1)
                            .withStages(List.of(new TrainingConfig.Stage(joint ? "joint" : "hypernet", 6, joint, 1e-4)))
                            .withIntervals(1000, 1000);
                    LocTrainer trainer = new LocTrainer(h, unet, unetStore, codec, NoiseSchedule.standard(), size,
                            source, config, dir.resolve(joint ? "joint" : "hypernet")).withConsole(null);
                    long t0 = System.nanoTime();
                    TrainingResult result = trainer.train(TrainingListener.NONE, CancellationToken.NEVER);
                    double seconds = (System.nanoTime() - t0) / 1e9;
                    System.out.printf("%s stage, batch %d at %d px: %.2f s/step (incl. first-step warm-up), loss %.4f%n",
                            joint ? "joint G+H" : "H only", batch, size, seconds / 6, result.lastLoss());
                }
            }
        }
    }
}
