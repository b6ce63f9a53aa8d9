package studio.loc.hypernet.change;

import java.util.List;
import java.util.Objects;
import studio.loc.diffusion.lora.LoraSlot;
import studio.loc.diffusion.model.LoadedModel;

/**
 * What a change file is checked against: the open base model's name, fingerprint and LoRA slot list (model.json).
 *
 * @param name model name, shown in messages
 * @param sha256 fingerprint of the model; empty when unknown (then the name alone identifies the model)
 * @param slots the slots a change for this model must fill, with their shapes
 */
public record BaseModelIdentity(String name, String sha256, List<LoraSlot> slots) {

    public BaseModelIdentity {
        Objects.requireNonNull(name, "name");
        sha256 = sha256 == null ? "" : sha256;
        slots = List.copyOf(slots);
    }

    /** The identity of a loaded model folder: its name, fingerprint (codec + UNet) and slot list. */
    public static BaseModelIdentity of(LoadedModel model) {
        return new BaseModelIdentity(model.config().name(), model.modelSha256(), model.unet().slots());
    }

    /** How a person recognises the model in a message: its name and the start of its fingerprint. */
    public String describe() {
        return describe(name, sha256);
    }

    static String describe(String name, String sha256) {
        String shown = "\"" + name + "\"";
        return sha256.isEmpty() ? shown : shown + " (sha256 " + sha256.substring(0, Math.min(12, sha256.length())) + "…)";
    }
}
