package studio.loc.diffusion.model;

import com.google.gson.JsonObject;
import studio.loc.diffusion.codec.AutoencoderConfig;
import studio.loc.diffusion.lora.LoraSlot;
import studio.loc.diffusion.nn.ParameterStore;
import studio.loc.diffusion.unet.UNet;
import studio.loc.diffusion.unet.UNetConfig;

/** A tiny model config for tests (16-px images, tiny codec and UNet). */
public final class TinyModels {

    private TinyModels() {
    }

    public static ModelConfig config() {
        JsonObject hypernet = new JsonObject();
        hypernet.addProperty("width", 16);
        return new ModelConfig("tiny", "0.0.1", 16, java.util.Map.of(), AutoencoderConfig.tiny(), UNetConfig.tiny(),
                hypernet, tinySlots(), 2, 2f, SamplerDefaults.standard());
    }

    private static java.util.List<LoraSlot> tinySlots() {
        try (ai.djl.ndarray.NDManager m = ai.djl.ndarray.NDManager.newBaseManager();
             ParameterStore p = new ParameterStore(m, 0)) {
            return new UNet(UNetConfig.tiny(), p).slots();
        }
    }
}
