package studio.loc.hypernet.change;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import studio.loc.diffusion.lora.LoraSlot;
import studio.loc.diffusion.tensor.DType;
import studio.loc.diffusion.tensor.SafeTensorsFile;
import studio.loc.diffusion.tensor.Tensor;

/**
 * The names of LoRA tensors: kohya's {@code lora_unet_<slot>.lora_down.weight} / {@code .lora_up.weight} /
 * {@code .alpha}, which LoC Studio writes, and PEFT/diffusers' {@code [unet.|base_model.model.]<slot>.lora_A.weight}
 * / {@code lora_B}, accepted when reading. Maps a file's tensors to the model's slots, refusing any tensor the
 * model has no place for.
 */
final class LoraKeyNaming {

    private static final String DOWN = ".lora_down.weight";
    private static final String UP = ".lora_up.weight";
    private static final String ALPHA = ".alpha";
    private static final String PEFT_A = ".lora_A.weight";
    private static final String PEFT_B = ".lora_B.weight";
    private static final String KOHYA_PREFIX = "lora_unet_";
    private static final List<String> PEFT_PREFIXES = List.of("unet.", "base_model.model.", "");

    private LoraKeyNaming() {
    }

    static String downName(LoraSlot slot) {
        return slot.kohyaName() + DOWN;
    }

    static String upName(LoraSlot slot) {
        return slot.kohyaName() + UP;
    }

    static String alphaName(LoraSlot slot) {
        return slot.kohyaName() + ALPHA;
    }

    enum Role { DOWN, UP, ALPHA }

    /** The tensors found for one slot; any may be missing. */
    static final class SlotTensors {
        Tensor down;
        Tensor up;
        Tensor alpha;
    }

    /** Every tensor of {@code file} by slot name and role; any tensor the model has no slot for is refused. */
    static Map<String, SlotTensors> bySlot(SafeTensorsFile file, String source, BaseModelIdentity model)
            throws ChangeFileException {
        Map<String, LoraSlot> byKohya = new LinkedHashMap<>();
        Map<String, LoraSlot> byDotted = new LinkedHashMap<>();
        for (LoraSlot slot : model.slots()) {
            byKohya.put(slot.kohyaName(), slot);
            byDotted.put(slot.name(), slot);
        }
        Map<String, SlotTensors> found = new LinkedHashMap<>();
        for (Tensor tensor : file.tensors()) {
            String name = tensor.name();
            Role role;
            String stem;
            LoraSlot slot;
            if (name.endsWith(DOWN) || name.endsWith(UP)) {
                role = name.endsWith(DOWN) ? Role.DOWN : Role.UP;
                stem = name.substring(0, name.length() - (role == Role.DOWN ? DOWN : UP).length());
                slot = byKohya.get(stem);
            } else if (name.endsWith(PEFT_A) || name.endsWith(PEFT_B)) {
                role = name.endsWith(PEFT_A) ? Role.DOWN : Role.UP;
                stem = name.substring(0, name.length() - PEFT_A.length());
                slot = peftSlot(stem, byDotted);
            } else if (name.endsWith(ALPHA)) {
                role = Role.ALPHA;
                stem = name.substring(0, name.length() - ALPHA.length());
                slot = byKohya.containsKey(stem) ? byKohya.get(stem) : peftSlot(stem, byDotted);
            } else {
                throw new ChangeFileException(source + " holds tensor \"" + name + "\", which is not a LoRA factor; "
                        + "a change file holds only lora_down/lora_up/alpha tensors.");
            }
            if (slot == null) {
                throw new ChangeFileException(source + " has a LoRA for layer \"" + stem + "\", which model \""
                        + model.name() + "\" does not have; it was probably made for another model.");
            }
            if (tensor.dtype() != DType.F32 && tensor.dtype() != DType.F16 && tensor.dtype() != DType.BF16) {
                throw new ChangeFileException(source + ": tensor \"" + name + "\" holds " + tensor.dtype()
                        + " values; LoRA factors must be floating point.");
            }
            SlotTensors f = found.computeIfAbsent(slot.name(), k -> new SlotTensors());
            Tensor previous = switch (role) {
                case DOWN -> f.down;
                case UP -> f.up;
                case ALPHA -> f.alpha;
            };
            if (previous != null) {
                throw new ChangeFileException(source + " has two " + role.name().toLowerCase(Locale.ROOT)
                        + " tensors for layer " + slot.name() + " (\"" + previous.name() + "\" and \"" + name
                        + "\").");
            }
            switch (role) {
                case DOWN -> f.down = tensor;
                case UP -> f.up = tensor;
                case ALPHA -> f.alpha = tensor;
            }
        }
        return found;
    }

    /**
     * The slots a file's kohya-named down/up pairs describe, shapes read from the tensors and named by their key
     * stems ({@code lora_unet_} dropped, underscores kept): for showing a file without its model.
     */
    static List<LoraSlot> slotsInFile(SafeTensorsFile file, String source) throws ChangeFileException {
        List<LoraSlot> slots = new ArrayList<>();
        for (Tensor tensor : file.tensors()) {
            String name = tensor.name();
            if (!name.endsWith(DOWN) || !name.startsWith(KOHYA_PREFIX)) {
                continue; // anything else is judged when the tensors are mapped to these slots
            }
            String stem = name.substring(0, name.length() - DOWN.length());
            String upName = stem + UP;
            if (!file.contains(upName)) {
                throw new ChangeFileException(source + " has no up matrix for layer " + stem
                        + "; the file is incomplete.");
            }
            long[] d = tensor.shape();
            long[] u = file.get(upName).shape();
            boolean conv = d.length == 4 && d[2] == d[3];
            if (!(d.length == 2 || conv) || u.length < 2 || d[1] < 1 || u[0] < 1) {
                throw new ChangeFileException(source + ": layer " + stem + " has factors of shapes "
                        + Arrays.toString(d) + " and " + Arrays.toString(u) + ", which no LoRA layer has.");
            }
            String slot = stem.substring(KOHYA_PREFIX.length());
            slots.add(conv ? LoraSlot.conv(slot, (int) d[1], (int) u[0], (int) d[2])
                    : LoraSlot.linear(slot, (int) d[1], (int) u[0]));
        }
        if (slots.isEmpty()) {
            throw new ChangeFileException(source + " holds no LoRA layers (lora_unet_*.lora_down.weight).");
        }
        return slots;
    }

    private static LoraSlot peftSlot(String stem, Map<String, LoraSlot> byDotted) {
        for (String prefix : PEFT_PREFIXES) {
            if (stem.startsWith(prefix)) {
                LoraSlot slot = byDotted.get(stem.substring(prefix.length()));
                if (slot != null) {
                    return slot;
                }
            }
        }
        return null;
    }
}
