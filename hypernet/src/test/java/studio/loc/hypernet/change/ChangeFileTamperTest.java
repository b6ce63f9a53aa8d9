package studio.loc.hypernet.change;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import org.junit.jupiter.api.Test;
import studio.loc.diffusion.colour.Lut3d;
import studio.loc.diffusion.lora.LoraSlot;
import studio.loc.diffusion.pairfit.FittedChange;
import studio.loc.diffusion.pairfit.GaussianMixFilter;
import studio.loc.diffusion.tensor.SafeTensors;
import studio.loc.diffusion.tensor.SafeTensorsFile;
import studio.loc.diffusion.tensor.Tensor;

/** Change files that were damaged or made absurd after they were written are refused, and say so. */
class ChangeFileTamperTest {

    private static final BaseModelIdentity MODEL = ChangeFileTest.MODEL;
    private static final String UP = "lora_unet_mid_attn_q.lora_up.weight";

    @Test
    void absurdFiniteWeightsAreRefusedNamingTheTensor() throws Exception {
        Change change = ChangeFileTest.sampleChange(2, 21);
        // 1e30: finite, beyond what any factor holds.
        ChangeFileException huge = refused(withTensor(change, UP, values -> Arrays.fill(values, 1e30f)));
        assertTrue(huge.getMessage().contains(UP) && huge.getMessage().contains("not made by LoC Studio"),
                huge.getMessage());
        // Every entry within the factor limit, but the layer's weight change far beyond what a picture survives.
        ChangeFileException large = refused(withTensor(change, UP, values -> Arrays.fill(values, 5000f)));
        assertTrue(large.getMessage().contains("mid.attn.q") && large.getMessage().contains("|dW|"),
                large.getMessage());
        // The same through alpha, which scales every layer.
        ChangeFileException alpha = refused(withTensor(change, "lora_unet_mid_attn_q.alpha",
                values -> values[0] = 5000f));
        assertTrue(alpha.getMessage().contains("|dW|"), alpha.getMessage());
        assertEquals(change.rank(), ChangeFile.parse(ChangeFile.toBytes(change), "c", MODEL).rank());
    }

    @Test
    void aDefaultStrengthOutsideTheAppliedRangeIsRefused() {
        Change change = ChangeFileTest.sampleChange(2, 22);
        ChangeFileException e = refused(withMetadata(change, "default_strength", "1e30"));
        assertTrue(e.getMessage().contains("default_strength") && e.getMessage().contains("between"),
                e.getMessage());
    }

    @Test
    void aFlippedBitInTheWeightsIsRefusedAndAFileWithoutChecksumsIsStillRead() throws Exception {
        Change change = ChangeFileTest.sampleChange(2, 23);
        byte[] bytes = ChangeFile.toBytes(change);
        byte[] flipped = bytes.clone();
        flipped[dataStart(bytes) + 5] ^= 0x01; // a low mantissa bit: still a small, finite number
        ChangeFileException e = assertThrows(ChangeFileException.class,
                () -> ChangeFile.parse(flipped, "sunset.loc.safetensors", MODEL));
        assertTrue(e.getMessage().contains("damaged") && e.getMessage().contains("checksum"), e.getMessage());
        // Written before the checksums existed (or by another tool): read as before.
        SafeTensorsFile file = SafeTensors.parse(bytes, "c");
        Map<String, String> meta = new LinkedHashMap<>(file.metadata());
        assertTrue(meta.containsKey("loc_tensor_sha256") && meta.containsKey("loc_metadata_sha256"));
        meta.remove("loc_tensor_sha256");
        meta.remove("loc_metadata_sha256");
        Change old = ChangeFile.parse(SafeTensors.toBytes(meta, file.tensors()), "c", MODEL);
        assertArrayEquals(change.factors().get("mid.attn.q").up(), old.factors().get("mid.attn.q").up());
    }

    @Test
    void everyFlipInsideTheTensorDataIsRefused() throws Exception {
        byte[] bytes = ChangeFile.toBytes(fittedChange());
        Random random = new Random(24);
        for (int at = dataStart(bytes); at < bytes.length; at++) {
            byte[] mutant = bytes.clone();
            mutant[at] ^= (byte) (1 << random.nextInt(8));
            int position = at;
            assertThrows(ChangeFileException.class, () -> ChangeFile.parse(mutant, "m", MODEL),
                    () -> "a flip at byte " + position + " of the tensor data was accepted");
        }
    }

    @Test
    void aRandomSingleByteFlipAnywhereIsRefusedOrChangesNothing() throws Exception {
        Change change = fittedChange();
        byte[] bytes = ChangeFile.toBytes(change);
        Random random = new Random(25);
        int refused = 0;
        for (int round = 0; round < 1000; round++) {
            byte[] mutant = bytes.clone();
            mutant[random.nextInt(mutant.length)] ^= (byte) (1 + random.nextInt(255));
            Change read;
            try {
                read = ChangeFile.parse(mutant, "m", MODEL);
            } catch (ChangeFileException e) {
                refused++;
                continue;
            }
            assertSameChange(change, read);
        }
        assertTrue(refused > 990, "refused only " + refused + " of 1000");
    }

    private static void assertSameChange(Change expected, Change actual) {
        for (LoraSlot slot : expected.slots()) {
            assertArrayEquals(expected.factors().get(slot.name()).down(), actual.factors().get(slot.name()).down());
            assertArrayEquals(expected.factors().get(slot.name()).up(), actual.factors().get(slot.name()).up());
        }
        assertEquals(expected.alpha(), actual.alpha());
        assertEquals(expected.defaultStrength(), actual.defaultStrength());
        FittedChange a = expected.fitted().orElseThrow();
        FittedChange b = actual.fitted().orElseThrow();
        assertEquals(a.share(), b.share());
        assertArrayEquals(a.table().nodes(), b.table().nodes());
        assertArrayEquals(a.filter().weights(), b.filter().weights());
    }

    /** A change with a fitted part, so that the metadata holds numbers a flip could alter too. */
    private static Change fittedChange() {
        float[] warm = Lut3d.identity(5).nodes();
        for (int n = 0; n < warm.length; n += 3) {
            warm[n + 2] *= 0.9f;
        }
        GaussianMixFilter filter = GaussianMixFilter.identity();
        return ChangeFileTest.sampleChange(2, 26).withFitted(Optional.of(new FittedChange(filter, Lut3d.of(5, warm),
                filter, Lut3d.identity(5), 0.5)));
    }

    private static int dataStart(byte[] file) {
        return 8 + (int) ByteBuffer.wrap(file, 0, 8).order(ByteOrder.LITTLE_ENDIAN).getLong();
    }

    private static ChangeFileException refused(byte[] bytes) {
        return assertThrows(ChangeFileException.class, () -> ChangeFile.parse(bytes, "c", MODEL));
    }

    /** The change's file with one tensor's values edited, sealed again as if its writer had made it so. */
    private static byte[] withTensor(Change change, String name, java.util.function.Consumer<float[]> edit) {
        try {
            SafeTensorsFile file = SafeTensors.parse(ChangeFile.toBytes(change), "c");
            List<Tensor> tensors = new ArrayList<>();
            for (Tensor t : file.tensors()) {
                if (t.name().equals(name)) {
                    float[] values = t.toFloats();
                    edit.accept(values);
                    t = Tensor.f32(name, t.shape(), values);
                }
                tensors.add(t);
            }
            return ChangeFileTest.sealed(file.metadata(), tensors);
        } catch (Exception e) {
            throw new AssertionError(e);
        }
    }

    private static byte[] withMetadata(Change change, String key, String value) {
        try {
            SafeTensorsFile file = SafeTensors.parse(ChangeFile.toBytes(change), "c");
            Map<String, String> meta = new LinkedHashMap<>(file.metadata());
            meta.put(key, value);
            return ChangeFileTest.sealed(meta, file.tensors());
        } catch (Exception e) {
            throw new AssertionError(e);
        }
    }
}
