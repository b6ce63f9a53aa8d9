package studio.loc.app.lut;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;
import studio.loc.hypernet.change.Change;
import studio.loc.hypernet.change.ChangeFile;
import studio.loc.hypernet.change.ChangeFileException;

/**
 * Writes the colour table of a change to a .cube file or a HaldCLUT picture, atomically (a temporary file in the
 * same folder, renamed over the target), for the command line ({@code export-lut}) and the window alike.
 */
public final class LookExport {

    /** The .cube size most tools expect. */
    public static final int DEFAULT_CUBE_SIZE = 33;
    /** The finest .cube size written (Lut3d's largest table). */
    public static final int MAX_CUBE_SIZE = 65;

    private LookExport() {
    }

    /**
     * Writes the table of the change in {@code changeFile} (read on its own, no model needed) at its default
     * strength: a HaldCLUT of level 8 when {@code output} ends in .png, else a 33^3 Resolve .cube.
     */
    public static TablePart write(Path changeFile, Path output) throws LutFileException, IOException {
        Change change;
        try {
            change = ChangeFile.readUnchecked(changeFile);
        } catch (ChangeFileException e) {
            throw new LutFileException("Cannot read the change file " + changeFile.getFileName() + ": "
                    + e.getMessage(), e);
        }
        boolean hald = LutImport.isHaldClut(output);
        return write(change, change.defaultStrength(), output,
                hald ? HaldClut.DEFAULT_LEVEL * HaldClut.DEFAULT_LEVEL : DEFAULT_CUBE_SIZE, CubeFlavour.RESOLVE, hald);
    }

    /**
     * Writes {@code change}'s table at {@code strength}: a HaldCLUT when {@code hald} ({@code size} a square), else a
     * .cube of {@code size}^3 nodes in {@code flavour}; returns what the table holds, for the user.
     *
     * @throws LutFileException when the change has no colour table
     */
    public static TablePart write(Change change, double strength, Path output, int size, CubeFlavour flavour,
                                  boolean hald) throws LutFileException, IOException {
        TablePart part = TablePart.of(change.fitted(), strength, change.name());
        LutGrid grid = LutGrid.sampled(part.table(), size);
        if (hald) {
            HaldClut.write(output, grid);
            return part;
        }
        Path target = output.toAbsolutePath();
        Path temp = target.resolveSibling("." + target.getFileName() + ".loc-partial.cube");
        try {
            CubeFile.write(temp, grid, change.name(), flavour,
                    List.of("The colour table of the LoC Studio change \"" + change.name() + "\".", part.summary()));
            try {
                Files.move(temp, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
            } catch (java.nio.file.AtomicMoveNotSupportedException e) {
                Files.move(temp, target, StandardCopyOption.REPLACE_EXISTING);
            }
        } finally {
            Files.deleteIfExists(temp);
        }
        return part;
    }
}
