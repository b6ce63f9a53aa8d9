package studio.loc.hypernet.change;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import studio.loc.diffusion.lora.LoraSlot;
import studio.loc.diffusion.lora.SlotKind;
import studio.loc.diffusion.tensor.SafeTensors;
import studio.loc.diffusion.tensor.Tensor;

/** Reading a change file without its model ({@code inspect}) and the per-layer size of its weight update. */
class ChangeInspectionTest {

    @TempDir
    Path dir;

    @Test
    void readsAChangeWithoutItsModelTakingTheSlotsFromTheFile() throws Exception {
        Change change = ChangeFileTest.sampleChange(2, 5);
        Path file = dir.resolve("sunset" + ChangeFile.EXTENSION);
        ChangeFile.write(file, change);

        Change read = ChangeFile.readUnchecked(file);

        assertEquals("warm sunset", read.name());
        assertEquals(ChangeFileTest.MODEL.name(), read.baseModel());
        assertEquals(ChangeFileTest.MODEL.sha256(), read.baseModelSha256());
        assertEquals(2, read.rank());
        assertEquals(2f, read.alpha());
        assertEquals(0.8f, read.defaultStrength());
        assertEquals(change.created(), read.created());
        assertEquals(ChangeFileTest.SLOTS.size(), read.slots().size());
        for (LoraSlot original : ChangeFileTest.SLOTS) {
            String stem = original.kohyaName().substring("lora_unet_".length());
            LoraSlot found = read.slots().stream().filter(s -> s.name().equals(stem)).findFirst().orElseThrow();
            assertEquals(original.in(), found.in());
            assertEquals(original.out(), found.out());
            assertEquals(original.kind() == SlotKind.LINEAR ? SlotKind.LINEAR : SlotKind.CONV, found.kind());
            assertEquals(original.kernel(), found.kernel());
            assertArrayEquals(change.factors().get(original.name()).up(), read.factors().get(stem).up());
            assertEquals(ChangeNorms.weightDelta(change, original), ChangeNorms.weightDelta(read, found), 1e-9);
        }
    }

    @Test
    void stillRefusesWhatIsNotAChangeFile() throws Exception {
        Path foreign = dir.resolve("foreign.safetensors");
        SafeTensors.write(foreign, Map.of(), List.of(Tensor.f32("lora_unet_x.lora_down.weight", new long[] {1, 2},
                new float[] {1, 2}), Tensor.f32("lora_unet_x.lora_up.weight", new long[] {2, 1}, new float[] {1, 2})));
        ChangeFileException notOurs = assertThrows(ChangeFileException.class, () -> ChangeFile.readUnchecked(foreign));
        assertTrue(notOurs.getMessage().contains("format"), notOurs.getMessage());

        Path garbage = Files.write(dir.resolve("garbage" + ChangeFile.EXTENSION), new byte[] {1, 2, 3});
        assertThrows(ChangeFileException.class, () -> ChangeFile.readUnchecked(garbage));
        Path pickle = Files.write(dir.resolve("model.ckpt"), new byte[] {(byte) 0x80, 0x02, '}', 'q', 0, '.'});
        ChangeFileException refused = assertThrows(ChangeFileException.class, () -> ChangeFile.readUnchecked(pickle));
        assertTrue(refused.getMessage().contains("pickle"), refused.getMessage());
    }

    @Test
    void weightDeltaIsTheScaledFrobeniusNormOfUpTimesDown() {
        Change change = ChangeFileTest.sampleChange(2, 9);
        for (LoraSlot slot : ChangeFileTest.SLOTS) {
            Change.SlotFactors f = change.factors().get(slot.name());
            int cols = slot.downColumns();
            double squared = 0;
            for (int o = 0; o < slot.out(); o++) {
                for (int c = 0; c < cols; c++) {
                    double sum = 0;
                    for (int k = 0; k < change.rank(); k++) {
                        sum += f.up()[o * change.rank() + k] * f.down()[k * cols + c];
                    }
                    squared += sum * sum;
                }
            }
            double expected = change.alpha() / change.rank() * Math.sqrt(squared);
            assertEquals(expected, ChangeNorms.weightDelta(change, slot), 1e-6 * expected);
            assertTrue(expected > 0);
        }
    }

    @Test
    void cosineComparesTheDirectionsOfTwoChangesWeightUpdates() {
        Change change = ChangeFileTest.sampleChange(2, 9);
        Change other = ChangeFileTest.sampleChange(3, 10);
        java.util.Map<String, Change.SlotFactors> negatedUps = new java.util.LinkedHashMap<>();
        java.util.Map<String, Change.SlotFactors> zeros = new java.util.LinkedHashMap<>();
        change.factors().forEach((name, f) -> {
            float[] up = f.up().clone();
            for (int i = 0; i < up.length; i++) {
                up[i] = -up[i];
            }
            negatedUps.put(name, new Change.SlotFactors(f.down(), up));
            zeros.put(name, new Change.SlotFactors(f.down(), new float[f.up().length]));
        });
        Change negated = withFactors(change, negatedUps);
        Change zero = withFactors(change, zeros);
        for (LoraSlot slot : ChangeFileTest.SLOTS) {
            assertEquals(1.0, ChangeNorms.cosine(change, change, slot), 1e-9);
            assertEquals(-1.0, ChangeNorms.cosine(change, negated, slot), 1e-9);
            double unrelated = ChangeNorms.cosine(change, other, slot);
            assertTrue(Math.abs(unrelated) < 0.9, "independent random changes point in different directions: "
                    + unrelated);
            assertEquals(ChangeNorms.cosine(other, change, slot), unrelated, 1e-12, "symmetric, across ranks");
            assertTrue(Double.isNaN(ChangeNorms.cosine(change, zero, slot)));
        }
    }

    private static Change withFactors(Change c, java.util.Map<String, Change.SlotFactors> factors) {
        return new Change(c.name(), c.baseModel(), c.baseModelSha256(), c.slots(), c.rank(), c.alpha(),
                c.defaultStrength(), c.created(), c.source(), c.beforeThumbnailPng(), c.afterThumbnailPng(), factors);
    }
}
