package studio.loc.diffusion.lora;

import ai.djl.ndarray.NDArray;

/**
 * What a slotted layer asks during a forward pass: "is there a LoRA for me, and what does it add to my output?"
 * Layers stay ignorant of how LoRAs are stored (per sample while training the hypernetwork, or merged into the
 * weights for fast inference, in which case the context adds nothing).
 */
@FunctionalInterface
public interface LoraContext {

    /** No LoRA anywhere: the base network. Also what a merged change uses. */
    LoraContext NONE = (slot, input) -> null;

    /**
     * @param slot the layer's slot
     * @param input what the layer receives: [B, ..., in] for linear, [B, in, H, W] for a conv
     * @return the LoRA's additive contribution to the layer's output (same shape as the output), or null for none
     */
    NDArray delta(LoraSlot slot, NDArray input);
}
