package studio.loc.hypernet.change;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Arrays;
import java.util.Map;
import org.junit.jupiter.api.Test;
import studio.loc.diffusion.tensor.SafeTensors;

class ContainerFormatTest {

    @Test
    void aFileIsJudgedByItsFirstBytes() {
        byte[] change = ChangeFile.toBytes(ChangeFileTest.sampleChange(2, 31));
        assertEquals(ContainerFormat.SAFETENSORS, ContainerFormat.detect(head(change)));
        assertEquals(ContainerFormat.PICKLE, ContainerFormat.detect(new byte[] {(byte) 0x80, 4, (byte) 0x95, 0}));
        assertEquals(ContainerFormat.PYTORCH_ZIP, ContainerFormat.detect(new byte[] {'P', 'K', 3, 4, 0, 0, 0, 0, 0}));
        assertEquals(ContainerFormat.UNKNOWN, ContainerFormat.detect(new byte[] {1, 2, 3}));
        assertEquals(ContainerFormat.UNKNOWN, ContainerFormat.detect(new byte[0]));
    }

    @Test
    void aSafetensorsHeaderWhoseLengthStartsLikeAPickleIsStillSafetensors() {
        // A header of 0x280 bytes: the file starts 0x80 0x02, as a protocol-2 pickle does.
        byte[] file = SafeTensors.toBytes(Map.of("pad", "x".repeat(0x280 - 28)), java.util.List.of());
        assertEquals((byte) 0x80, file[0]);
        assertEquals(2, file[1]);
        assertEquals(ContainerFormat.SAFETENSORS, ContainerFormat.detect(head(file)));
    }

    private static byte[] head(byte[] file) {
        return Arrays.copyOf(file, ContainerFormat.HEAD_BYTES);
    }
}
