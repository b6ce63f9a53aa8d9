package studio.loc.diffusion.lora;

/** How a LoRA slot modifies its layer. */
public enum SlotKind {
    /** A linear projection: delta = up · down · x, down [r, in], up [out, r]. */
    LINEAR,
    /** A k×k convolution (LoCon): down is a k×k conv from in to r channels, up a 1×1 conv from r to out. */
    CONV
}
