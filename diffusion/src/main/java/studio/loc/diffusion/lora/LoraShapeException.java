package studio.loc.diffusion.lora;

/** A LoRA that does not fit a network's slots (made for another base model, or damaged). */
public final class LoraShapeException extends Exception {

    private static final long serialVersionUID = 1L;

    public LoraShapeException(String message) {
        super(message);
    }
}
