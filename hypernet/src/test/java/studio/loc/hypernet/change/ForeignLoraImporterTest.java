package studio.loc.hypernet.change;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import studio.loc.diffusion.lora.LoraSlot;
import studio.loc.diffusion.tensor.SafeTensors;
import studio.loc.diffusion.tensor.Tensor;

/** LoRAs from other tools, imported through {@link ChangeFile#importLora}. */
class ForeignLoraImporterTest {

    private static final List<LoraSlot> SLOTS = ChangeFileTest.SLOTS;
    private static final BaseModelIdentity MODEL = ChangeFileTest.MODEL;

    @Test
    void peftNamedLoraImportsWithRankFromShapesAndAlphaDefaultingToRank(@TempDir Path dir) throws Exception {
        Change change = ChangeFileTest.sampleChange(2, 6);
        List<Tensor> tensors = new ArrayList<>();
        for (LoraSlot slot : SLOTS) {
            Change.SlotFactors f = change.factors().get(slot.name());
            tensors.add(Tensor.f16("unet." + slot.name() + ".lora_A.weight", ChangeFile.downShape(slot, 2), f.down()));
            tensors.add(Tensor.f32("unet." + slot.name() + ".lora_B.weight", ChangeFile.upShape(slot, 2), f.up()));
        }
        Path file = dir.resolve("diffusers_lora.safetensors");
        SafeTensors.write(file, Map.of(), tensors);
        Change imported = ChangeFile.importLora(file, MODEL);
        assertEquals(2, imported.rank());
        assertEquals(2f, imported.alpha());
        assertEquals("diffusers_lora", imported.name());
        assertEquals(MODEL.name(), imported.baseModel());
        float[] expectedUp = change.factors().get("mid.attn.q").up();
        assertArrayEquals(expectedUp, imported.factors().get("mid.attn.q").up());
        float[] expectedDown = change.factors().get("mid.attn.q").down();
        assertArrayEquals(expectedDown, imported.factors().get("mid.attn.q").down(), 2e-3f);
        // A PEFT file for another model's layers is refused.
        tensors.add(Tensor.f32("unet.up.7.attn.q.lora_A.weight", new long[] {2, 4}, new float[8]));
        SafeTensors.write(file, Map.of(), tensors);
        assertThrows(ChangeFileException.class, () -> ChangeFile.importLora(file, MODEL));
    }

    @Test
    void aForeignLoraWithAbsurdWeightsIsRefusedLikeAChangeFile(@TempDir Path dir) throws Exception {
        Change change = ChangeFileTest.sampleChange(2, 8);
        List<Tensor> tensors = new ArrayList<>();
        for (LoraSlot slot : SLOTS) {
            Change.SlotFactors f = change.factors().get(slot.name());
            float[] up = f.up().clone();
            if (slot.name().equals("out.conv")) {
                Arrays.fill(up, 1e30f);
            }
            tensors.add(Tensor.f32(slot.kohyaName() + ".lora_down.weight", ChangeFile.downShape(slot, 2), f.down()));
            tensors.add(Tensor.f32(slot.kohyaName() + ".lora_up.weight", ChangeFile.upShape(slot, 2), up));
        }
        Path file = dir.resolve("kohya_lora.safetensors");
        SafeTensors.write(file, Map.of("ss_network_alpha", "2"), tensors);
        ChangeFileException e = assertThrows(ChangeFileException.class, () -> ChangeFile.importLora(file, MODEL));
        assertTrue(e.getMessage().contains("lora_unet_out_conv.lora_up.weight"), e.getMessage());
    }
}
