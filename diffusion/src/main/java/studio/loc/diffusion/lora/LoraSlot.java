package studio.loc.diffusion.lora;

import java.util.Objects;

/**
 * A layer of the UNet that a change may modify. The slot list (in model.json) is the contract between the
 * hypernetwork, the change files and the UNet: a change must provide exactly these shapes.
 *
 * @param name dotted parameter prefix of the layer, e.g. {@code down.0.res.0.conv1}
 * @param in input features (channels for a conv)
 * @param out output features (channels for a conv)
 * @param kind linear or convolution
 * @param kernel kernel size for a conv (1 for linear)
 */
public record LoraSlot(String name, int in, int out, SlotKind kind, int kernel) {

    public LoraSlot {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(kind, "kind");
        if (in < 1 || out < 1 || kernel < 1) {
            throw new IllegalArgumentException("slot " + name + ": in, out and kernel must be positive");
        }
        if (kind == SlotKind.LINEAR && kernel != 1) {
            throw new IllegalArgumentException("slot " + name + ": a linear slot has kernel 1");
        }
    }

    public static LoraSlot linear(String name, int in, int out) {
        return new LoraSlot(name, in, out, SlotKind.LINEAR, 1);
    }

    public static LoraSlot conv(String name, int in, int out, int kernel) {
        return new LoraSlot(name, in, out, SlotKind.CONV, kernel);
    }

    /** Columns of the flattened down matrix: in for linear, in·k·k for a conv. */
    public int downColumns() {
        return in * kernel * kernel;
    }

    /** The kohya-style key stem used in change files: dots become underscores. */
    public String kohyaName() {
        return "lora_unet_" + name.replace('.', '_');
    }
}
