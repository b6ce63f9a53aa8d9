package studio.loc.diffusion.unet;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import java.util.Arrays;
import java.util.List;
import java.util.function.Function;
import studio.loc.diffusion.codec.Autoencoder;
import studio.loc.diffusion.codec.AutoencoderConfig;
import studio.loc.diffusion.lora.LoraContext;
import studio.loc.diffusion.lora.LoraMerger;
import studio.loc.diffusion.lora.LoraSet;
import studio.loc.diffusion.lora.PerSampleLoraContext;
import studio.loc.diffusion.nn.ParameterStore;

/**
 * Not a test: run by hand to measure the default model's speed on this machine. The variants are interleaved run
 * by run so that load from other processes hits them alike; median and minimum are printed.
 * {@code OMP_WAIT_POLICY=PASSIVE java -cp <test+main classpath> studio.loc.diffusion.unet.UNetBenchmark [runs]}
 * (spinning OpenMP threads of several JVMs on two cores slow each other down by 10× or more).
 */
public final class UNetBenchmark {

    private UNetBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        int runs = args.length > 0 ? Integer.parseInt(args[0]) : 30;
        try (NDManager m = NDManager.newBaseManager(); ParameterStore p = new ParameterStore(m, 1);
             ParameterStore merged = new ParameterStore(m, 1); ParameterStore c = new ParameterStore(m, 2)) {
            UNetConfig config = UNetConfig.defaultConfig();
            UNet unet = new UNet(config, p);
            UNet mergedUnet = new UNet(config, merged);
            TinyNetworks.randomise(p, 3, 0.02);
            TinyNetworks.randomise(merged, 3, 0.02);
            System.out.printf("UNet %s: %,d parameters, %d LoRA slots%n", config, p.count(), unet.slots().size());
            NDArray x = TinyNetworks.normal(m, 4, new Shape(1, 4, 32, 32));
            NDArray q = TinyNetworks.normal(m, 5, new Shape(1, 4, 32, 32));
            NDArray t = m.create(new float[] {500});
            NDArray x2 = x.concat(x, 0);
            NDArray q2 = q.concat(q.zerosLike(), 0);
            NDArray t2 = t.concat(t, 0);
            LoraSet lora = TinyNetworks.randomLora(m, unet.slots(), 1, 4, 4f, 6, 0.05);
            try (LoraMerger merger = new LoraMerger(merged)) {
                long start = System.nanoTime();
                merger.merge(lora, 1f);
                System.out.printf("merge (once per change): %.1f ms%n", (System.nanoTime() - start) / 1e6);
                List<String> names = List.of("batch 1, no LoRA", "batch 1, merged LoRA", "batch 1, per-sample LoRA",
                        "batch 2 (guidance pair), no LoRA");
                List<Function<NDManager, NDArray>> work = List.of(
                        s -> unet.predictNoise(in(s, x), in(s, q), in(s, t), LoraContext.NONE),
                        s -> mergedUnet.predictNoise(in(s, x), in(s, q), in(s, t), LoraContext.NONE),
                        s -> unet.predictNoise(in(s, x), in(s, q), in(s, t), new PerSampleLoraContext(lora, 1f)),
                        s -> unet.predictNoise(in(s, x2), in(s, q2), in(s, t2), LoraContext.NONE));
                double[][] ms = interleaved(runs, m, work);
                for (int i = 0; i < names.size(); i++) {
                    System.out.printf("UNet step, %s: median %.1f ms, min %.1f ms (median ratio to no LoRA %.2f)%n",
                            names.get(i), ms[i][runs / 2], ms[i][0], ms[i][runs / 2] / ms[0][runs / 2]);
                }
            }
            Autoencoder codec = new Autoencoder(AutoencoderConfig.defaultConfig(), c);
            TinyNetworks.randomise(c, 7, 0.02);
            System.out.printf("Autoencoder %s: %,d parameters%n", codec.config(), c.count());
            NDArray image = TinyNetworks.normal(m, 8, new Shape(1, 3, 128, 128)).clip(-1, 1);
            NDArray latent = codec.encode(image);
            int codecRuns = Math.max(3, runs / 5);
            double[][] codecMs = interleaved(codecRuns, m, List.of(s -> codec.encode(in(s, image)),
                    s -> codec.decode(in(s, latent))));
            System.out.printf("encode 128 px: median %.1f ms; decode: median %.1f ms%n", codecMs[0][codecRuns / 2],
                    codecMs[1][codecRuns / 2]);
        }
    }

    /** A copy owned by the run's scope, so everything computed from it is freed with the scope. */
    private static NDArray in(NDManager scope, NDArray array) {
        NDArray copy = array.duplicate();
        copy.attach(scope);
        return copy;
    }

    /** Sorted timings per variant, after three warm-up rounds. */
    private static double[][] interleaved(int runs, NDManager parent, List<Function<NDManager, NDArray>> work) {
        double[][] ms = new double[work.size()][runs];
        for (int r = -3; r < runs; r++) {
            for (int v = 0; v < work.size(); v++) {
                try (NDManager scope = parent.newSubManager()) {
                    long start = System.nanoTime();
                    work.get(v).apply(scope).toFloatArray();
                    if (r >= 0) {
                        ms[v][r] = (System.nanoTime() - start) / 1e6;
                    }
                }
            }
        }
        for (double[] variant : ms) {
            Arrays.sort(variant);
        }
        return ms;
    }
}
