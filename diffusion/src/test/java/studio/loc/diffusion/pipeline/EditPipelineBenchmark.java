package studio.loc.diffusion.pipeline;

import ai.djl.ndarray.NDManager;
import java.nio.file.Files;
import java.nio.file.Path;
import studio.loc.diffusion.codec.Autoencoder;
import studio.loc.diffusion.codec.AutoencoderConfig;
import studio.loc.diffusion.image.OpenCv;
import studio.loc.diffusion.image.Picture;
import studio.loc.diffusion.lora.LoraContext;
import studio.loc.diffusion.nn.ParameterStore;
import studio.loc.diffusion.progress.CancellationToken;
import studio.loc.diffusion.progress.ProgressListener;
import studio.loc.diffusion.sample.NoiseSchedule;
import studio.loc.diffusion.sample.SamplingOptions;
import studio.loc.diffusion.unet.UNet;
import studio.loc.diffusion.unet.UNetConfig;

/**
 * Not a test: times edits with the default (bundled-size) codec and UNet, and watches the process's resident memory
 * over many small edits. Run with the test classpath: {@code java ... EditPipelineBenchmark [edits]}.
 */
public final class EditPipelineBenchmark {

    public static void main(String[] args) throws Exception {
        OpenCv.ensureLoaded();
        int edits = args.length > 0 ? Integer.parseInt(args[0]) : 200;
        boolean skipDefault = args.length > 1 && args[1].equals("memory-only");
        NoiseSchedule schedule = NoiseSchedule.standard();
        try (NDManager m = NDManager.newBaseManager();
             ParameterStore codecStore = new ParameterStore(m, 1);
             ParameterStore unetStore = new ParameterStore(m, 2);
             Picture photo = EditPipelineTest.detailedPhoto(2000, 1500, 1, false, 8)) {
            Autoencoder codec = new Autoencoder(AutoencoderConfig.defaultConfig(), codecStore);
            UNet unet = new UNet(UNetConfig.defaultConfig(), unetStore);
            try (EditPipeline pipeline = new EditPipeline(codec, unet, schedule, 128)) {
                for (double guidance : skipDefault ? new double[0] : new double[] {1.0, 1.5}) {
                    for (int run = 0; run < 3; run++) {
                        try (EditResult r = pipeline.edit(new EditRequest(photo, LoraContext.NONE,
                                new SamplingOptions(20, run, guidance, 1.0)),
                                ProgressListener.NONE, CancellationToken.NEVER)) {
                            System.out.printf("default model, 2000x1500 -> 128x96, 20 steps, g=%.1f: %d ms%n",
                                    guidance, r.millis());
                        }
                    }
                }
            }
        }
        try (NDManager m = NDManager.newBaseManager();
             ParameterStore codecStore = new ParameterStore(m, 1);
             ParameterStore unetStore = new ParameterStore(m, 2);
             Picture photo = EditPipelineTest.detailedPhoto(300, 200, 2, true, 8);
             EditPipeline pipeline = new EditPipeline(new Autoencoder(AutoencoderConfig.tiny(), codecStore),
                     new UNet(UNetConfig.tiny(), unetStore), schedule, 32)) {
            for (int i = 1; i <= edits; i++) {
                try (EditResult r = pipeline.edit(new EditRequest(photo, LoraContext.NONE,
                        new SamplingOptions(4, i, 1.5, 1.0)),
                        ProgressListener.NONE, CancellationToken.NEVER)) {
                    if (i == 1 || i % 50 == 0) {
                        Runtime rt = Runtime.getRuntime();
                        System.out.printf("tiny model, edit %d: RSS %d MB, Java heap used %d / committed %d MB%n", i,
                                rssMegabytes(), (rt.totalMemory() - rt.freeMemory()) >> 20, rt.totalMemory() >> 20);
                    }
                }
            }
        }
    }

    private static long rssMegabytes() throws Exception {
        for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
            if (line.startsWith("VmRSS:")) {
                return Long.parseLong(line.replaceAll("\\D", "")) / 1024;
            }
        }
        return -1;
    }
}
