package studio.loc.diffusion.model;

import ai.djl.ndarray.NDManager;
import com.google.gson.JsonObject;
import java.util.List;
import java.util.Map;
import studio.loc.diffusion.codec.AutoencoderConfig;
import studio.loc.diffusion.lora.LoraSlot;
import studio.loc.diffusion.nn.ParameterStore;
import studio.loc.diffusion.unet.UNet;
import studio.loc.diffusion.unet.UNetConfig;

/** A tiny model config for tests: 16-px images, the tiny codec (factor 2) and the tiny UNet, rank 2. */
public final class TinyModels {

    private TinyModels() {
    }

    public static ModelConfig config() {
        JsonObject hypernet = new JsonObject();
        hypernet.addProperty("width", 16);
        return new ModelConfig("tiny", "0.0.1", 16, Map.of(), AutoencoderConfig.tiny(), UNetConfig.tiny(), hypernet,
                slotsOf(UNetConfig.tiny()), 2, 2f, SamplerDefaults.standard());
    }

    /** The slot list a UNet of this config has (built once, thrown away). */
    public static List<LoraSlot> slotsOf(UNetConfig config) {
        try (NDManager m = NDManager.newBaseManager(); ParameterStore p = new ParameterStore(m, 0)) {
            return new UNet(config, p).slots();
        }
    }
}
