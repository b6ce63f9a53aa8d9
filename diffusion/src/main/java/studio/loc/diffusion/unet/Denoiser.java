package studio.loc.diffusion.unet;

import ai.djl.ndarray.NDArray;
import java.util.List;
import studio.loc.diffusion.lora.LoraContext;
import studio.loc.diffusion.lora.LoraSlot;

/**
 * The image-conditioned denoiser G (InstructPix2Pix style): it sees the noisy target latent concatenated with the
 * query's latent and predicts the noise (epsilon). A query latent of zeros is the "unconditional" input used for
 * image guidance (condition dropout during training makes it meaningful).
 */
public interface Denoiser {

    /**
     * @param noisyLatent x_t [B, C, h, w]
     * @param queryLatent the condition [B, C, h, w] (zeros = unconditional)
     * @param timesteps diffusion step per sample [B] (float, 0 … T-1)
     * @param lora per-sample LoRAs, or {@link LoraContext#NONE}
     * @return predicted noise [B, C, h, w]
     */
    NDArray predictNoise(NDArray noisyLatent, NDArray queryLatent, NDArray timesteps, LoraContext lora);

    /** The LoRA slots, in a stable order (also written to model.json). */
    List<LoraSlot> slots();
}
