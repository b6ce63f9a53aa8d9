package studio.loc.diffusion.pipeline;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import java.nio.file.Files;
import java.nio.file.Path;
import org.opencv.core.Mat;
import studio.loc.diffusion.codec.Autoencoder;
import studio.loc.diffusion.codec.AutoencoderConfig;
import studio.loc.diffusion.image.OpenCv;
import studio.loc.diffusion.image.Picture;
import studio.loc.diffusion.lora.LoraContext;
import studio.loc.diffusion.nn.ParameterStore;
import studio.loc.diffusion.pipeline.fullres.AdaptiveTransfer;
import studio.loc.diffusion.progress.CancellationToken;
import studio.loc.diffusion.progress.ProgressListener;
import studio.loc.diffusion.sample.DdimSampler;
import studio.loc.diffusion.sample.NoiseSchedule;
import studio.loc.diffusion.sample.SamplingOptions;
import studio.loc.diffusion.sample.SeededNoise;
import studio.loc.diffusion.unet.UNet;
import studio.loc.diffusion.unet.UNetConfig;

/** Not a test: which stage of an edit, repeated, makes resident memory grow? {@code MemoryProbe <stage> <n>}. */
public final class MemoryProbe {

    public static void main(String[] args) throws Exception {
        OpenCv.ensureLoaded();
        String stage = args[0];
        int n = Integer.parseInt(args[1]);
        try (NDManager m = NDManager.newBaseManager(); ParameterStore codecStore = new ParameterStore(m, 1);
             ParameterStore unetStore = new ParameterStore(m, 2);
             Picture photo = EditPipelineTest.detailedPhoto(300, 200, 2, false, 8);
             Picture low = EditPipelineTest.detailedPhoto(32, 22, 3, false, 8)) {
            Autoencoder codec = new Autoencoder(AutoencoderConfig.tiny(), codecStore);
            DdimSampler sampler = new DdimSampler(new UNet(UNetConfig.tiny(), unetStore), NoiseSchedule.standard());
            AdaptiveTransfer transfer = new AdaptiveTransfer();
            for (int i = 1; i <= n; i++) {
                switch (stage) {
                    case "sampler" -> {
                        try (NDManager run = m.newSubManager()) {
                            NDArray q = SeededNoise.normal(run, new Shape(1, 4, 16, 12), i);
                            sampler.sample(q, new SamplingOptions(4, i, 1.5, 1.0), LoraContext.NONE,
                                    ProgressListener.NONE, CancellationToken.NEVER);
                        }
                    }
                    case "codec" -> {
                        try (NDManager run = m.newSubManager()) {
                            NDArray x = PictureTensors.toTensor(low.rgb(), run).get(":, :, 0:16, 0:24");
                            Mat back = PictureTensors.toMat(codec.decode(codec.encode(x)));
                            back.release();
                        }
                    }
                    case "transfer" -> {
                        Mat out = transfer.transfer(photo.rgb(), low.rgb(), low.rgb());
                        out.release();
                    }
                    default -> throw new IllegalArgumentException(stage);
                }
                if (i % Math.max(1, n / 5) == 0) {
                    System.out.printf("%s %d: RSS %d MB%n", stage, i, rss());
                }
            }
        }
    }

    private static long rss() throws Exception {
        for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
            if (line.startsWith("VmRSS:")) {
                return Long.parseLong(line.replaceAll("\\D", "")) / 1024;
            }
        }
        return -1;
    }
}
