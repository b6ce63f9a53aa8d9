package studio.loc.hypernet.train;

import ai.djl.ndarray.NDManager;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Map;
import studio.loc.diffusion.codec.Autoencoder;
import studio.loc.diffusion.codec.AutoencoderConfig;
import studio.loc.diffusion.model.ModelConfig;
import studio.loc.diffusion.model.ModelFolder;
import studio.loc.diffusion.model.SamplerDefaults;
import studio.loc.diffusion.model.TinyModels;
import studio.loc.diffusion.nn.ParameterStore;
import studio.loc.diffusion.tensor.DType;
import studio.loc.diffusion.unet.TinyNetworks;
import studio.loc.diffusion.unet.UNet;
import studio.loc.diffusion.unet.UNetConfig;
import studio.loc.hypernet.net.HypernetConfig;
import studio.loc.hypernet.net.LocHypernetwork;

/** Writes a complete tiny model folder (codec, UNet, optionally a trained-looking H) for loader and pipeline tests. */
public final class TinyModelFolder {

    private TinyModelFolder() {
    }

    public static ModelConfig config() {
        return new ModelConfig("tiny-loc", "0.0.1", 16, Map.of(), AutoencoderConfig.tiny(), UNetConfig.tiny(),
                HypernetConfig.tiny().toJson(), TinyModels.slotsOf(UNetConfig.tiny()), 2, 2f,
                SamplerDefaults.standard());
    }

    /**
     * @param withHypernet whether to include hypernet.safetensors (with random, non-zero up heads)
     */
    public static ModelConfig write(Path dir, boolean withHypernet) throws IOException {
        ModelConfig config = config();
        try (NDManager m = NDManager.newBaseManager(); ParameterStore codecStore = new ParameterStore(m, 1);
             ParameterStore unetStore = new ParameterStore(m, 2)) {
            Autoencoder codec = new Autoencoder(config.codec(), codecStore);
            UNet unet = new UNet(config.unet(), unetStore);
            TinyNetworks.randomise(codecStore, 4, 0.05);
            TinyNetworks.randomise(unetStore, 5, 0.05);
            try (LocHypernetwork h = LocHypernetwork.create(m, HypernetConfig.tiny(), unet.slots(), 3)) {
                TinyNetworks.randomise(h.parameters(), 6, 0.05);
                return ModelFolder.save(dir, config, codec, unet, withHypernet ? h.parameters() : null, DType.F32);
            }
        }
    }
}
