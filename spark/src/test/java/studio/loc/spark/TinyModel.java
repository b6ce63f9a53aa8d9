package studio.loc.spark;

import ai.djl.ndarray.NDManager;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Map;
import org.opencv.core.Core;
import org.opencv.core.Mat;
import org.opencv.core.Scalar;
import studio.loc.diffusion.codec.Autoencoder;
import studio.loc.diffusion.codec.AutoencoderConfig;
import studio.loc.diffusion.image.Picture;
import studio.loc.diffusion.model.ModelConfig;
import studio.loc.diffusion.model.ModelFolder;
import studio.loc.diffusion.model.SamplerDefaults;
import studio.loc.diffusion.model.TinyModels;
import studio.loc.diffusion.nn.ParameterStore;
import studio.loc.diffusion.progress.CancellationToken;
import studio.loc.diffusion.progress.ProgressListener;
import studio.loc.diffusion.tensor.DType;
import studio.loc.diffusion.unet.TinyNetworks;
import studio.loc.diffusion.unet.UNet;
import studio.loc.diffusion.unet.UNetConfig;
import studio.loc.hypernet.engine.LearnedChange;
import studio.loc.hypernet.engine.LocChangeEngine;
import studio.loc.hypernet.net.HypernetConfig;
import studio.loc.hypernet.net.LocHypernetwork;

/**
 * A tiny but real model folder (as the app's tests make them): random weights, 32-px working size, rank 2, two
 * sampler steps; different seeds give different fingerprints. And a change learned on it from a warm example.
 */
final class TinyModel {

    static final int IMAGE_SIZE = 32;
    static final SamplerDefaults SAMPLER = new SamplerDefaults(2, 1.0, 7, SamplerDefaults.SCALED_LINEAR, 1000, 1.0);

    private TinyModel() {
    }

    static Path write(Path folder, String name, long seed) throws IOException {
        HypernetConfig hypernetConfig = HypernetConfig.tiny();
        ModelConfig config = new ModelConfig(name, "0.0.1", IMAGE_SIZE, Map.of(), AutoencoderConfig.tiny(),
                UNetConfig.tiny(), hypernetConfig.toJson(), TinyModels.slotsOf(UNetConfig.tiny()),
                hypernetConfig.rank(), hypernetConfig.alpha(), SAMPLER);
        try (NDManager manager = NDManager.newBaseManager();
             ParameterStore codecStore = new ParameterStore(manager, seed);
             ParameterStore unetStore = new ParameterStore(manager, seed + 1)) {
            Autoencoder codec = new Autoencoder(config.codec(), codecStore);
            UNet unet = new UNet(config.unet(), unetStore);
            TinyNetworks.randomise(codecStore, seed + 2, 0.05);
            TinyNetworks.randomise(unetStore, seed + 3, 0.05);
            try (LocHypernetwork hypernet = LocHypernetwork.create(manager, hypernetConfig, unet.slots(), seed + 4)) {
                TinyNetworks.randomise(hypernet.parameters(), seed + 5, 0.05);
                ModelFolder.save(folder, config, codec, unet, hypernet.parameters(), DType.F32);
            }
        }
        return folder;
    }

    /** Learns "warmer" on {@code model} from a generated pair and saves it as {@code file}. */
    static Path learnWarm(Path model, Path file) throws Exception {
        try (LocChangeEngine engine = LocChangeEngine.open(model);
             Picture before = Catalogue.picture(48, 40, 3, 8, false)) {
            Mat warm = new Mat();
            Core.multiply(before.rgb(), new Scalar(1.3, 1.0, 0.8), warm);
            try (Picture after = before.withRgb(warm)) {
                LearnedChange change = engine.learn(before, after, "Warm", ProgressListener.NONE,
                        CancellationToken.NEVER);
                engine.save(change, file);
            }
        }
        return file;
    }
}
