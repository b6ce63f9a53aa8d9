package studio.loc.app.lut;

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
import studio.loc.diffusion.colour.Lut3d;
import studio.loc.diffusion.lora.LoraSlot;
import studio.loc.diffusion.lora.SlotKind;
import studio.loc.hypernet.change.BaseModelIdentity;
import studio.loc.hypernet.change.Change;
import studio.loc.hypernet.change.ChangeFile;
import studio.loc.hypernet.change.ChangeSource;

/** .cube and HaldCLUT files written and read back, a table-only change through its file, and refusals. */
class LookFilesTest {

    private static final BaseModelIdentity MODEL = new BaseModelIdentity("tiny", "",
            List.of(new LoraSlot("unet.mid.conv", 4, 4, SlotKind.CONV, 3)));

    @TempDir
    Path dir;

    /** A warm table with a little cross-talk, 9 nodes per side. */
    private static Lut3d warm() {
        LutGrid grid = LutGrid.identity(9);
        float[] rgb = grid.rgb();
        for (int i = 0; i < rgb.length; i += 3) {
            float r = rgb[i];
            float g = rgb[i + 1];
            float b = rgb[i + 2];
            rgb[i] = Math.min(1, 0.05f + 0.95f * r + 0.05f * g);
            rgb[i + 1] = g;
            rgb[i + 2] = 0.9f * b;
        }
        return new LutGrid(9, rgb).toLut3d();
    }

    @Test
    void aTableOnlyChangeExportsItsTableToCubeAndHaldClut() throws Exception {
        Lut3d table = warm();
        Change change = Change.colourTableOnly(MODEL, "warm", table, LutImport.reverseOf(table), new byte[0],
                new byte[0]);
        assertEquals(ChangeSource.TRAINED, change.source());
        assertTrue(change.fittedAt(1).replacesModel(), "the table carries all of it; the model does not run");
        Path file = dir.resolve("warm.loc.safetensors");
        ChangeFile.write(file, change);

        Path cube = dir.resolve("warm.cube");
        TablePart part = LookExport.write(file, cube);
        assertTrue(part.leftOut().isEmpty(), part.summary());
        LutGrid back = CubeFile.read(cube);
        assertEquals(33, back.size());
        assertArrayEquals(LutGrid.sampled(table, 33).rgb(), back.rgb(), 1e-5f);
        assertTrue(Files.readString(cube).contains("TITLE \"warm\""));

        Path hald = dir.resolve("warm.png");
        LookExport.write(file, hald);
        LutGrid fromHald = HaldClut.read(hald);
        assertEquals(64, fromHald.size());
        assertArrayEquals(LutGrid.sampled(table, 64).rgb(), fromHald.rgb(), 1f / 65535 + 1e-6f);
    }

    @Test
    void theReverseTableUndoesTheLook() {
        Lut3d table = warm();
        Lut3d reverse = LutImport.reverseOf(table);
        assertEquals(table.size(), reverse.size(), "a change file holds both tables at one size");
        float[] colours = {0.2f, 0.4f, 0.6f, 0.7f, 0.5f, 0.3f};
        float[] there = TableSampler.map(table, colours);
        float[] back = TableSampler.map(reverse, there);
        assertArrayEquals(colours, back, 0.01f);
    }

    @Test
    void aChangeWithoutAFittedPartHasNoTableToExport() throws Exception {
        Change loraOnly = new Change("lora", "tiny", "", MODEL.slots(), 1, 1f, 1f, java.time.Instant.now(),
                ChangeSource.PAIR, new byte[0], new byte[0], Map.of("unet.mid.conv",
                new Change.SlotFactors(new float[MODEL.slots().getFirst().downColumns()], new float[4])));
        Path file = dir.resolve("lora.loc.safetensors");
        ChangeFile.write(file, loraOnly);
        LutFileException refused = assertThrows(LutFileException.class,
                () -> LookExport.write(file, dir.resolve("x.cube")));
        assertTrue(refused.getMessage().contains("diffusion model alone"), refused.getMessage());
    }

    @Test
    void cubesTheReaderCannotHonourAreRefusedWithTheReason() throws Exception {
        Path shaper = dir.resolve("shaper.cube");
        Files.writeString(shaper, "LUT_1D_SIZE 2\nLUT_3D_SIZE 2\n");
        assertTrue(assertThrows(LutFileException.class, () -> CubeFile.read(shaper)).getMessage()
                .contains("1D shaper and a 3D table"));
        Path domain = dir.resolve("domain.cube");
        Files.writeString(domain, "LUT_3D_SIZE 2\nDOMAIN_MAX 2 2 2\n");
        assertTrue(assertThrows(LutFileException.class, () -> CubeFile.read(domain)).getMessage()
                .contains("input range is not 0 to 1"));
        Path shortFile = dir.resolve("short.cube");
        Files.writeString(shortFile, "LUT_3D_SIZE 2\n0 0 0\n1 1 1\n");
        assertTrue(assertThrows(LutFileException.class, () -> CubeFile.read(shortFile)).getMessage()
                .contains("lists 2 colours; its size needs 8"));
    }

    @Test
    void aOneDimensionalCubeIsReadAsItsThreeDimensionalTable() throws Exception {
        Path curves = dir.resolve("curves.cube");
        Files.writeString(curves, "LUT_1D_SIZE 3\n0 0 0\n0.25 0.5 0.75\n1 1 1\n");
        LutGrid grid = CubeFile.read(curves);
        float[] out = new float[3];
        grid.at(0.5f, 0.5f, 0.5f, out);
        assertArrayEquals(new float[] {0.25f, 0.5f, 0.75f}, out, 1e-5f);
    }
}
