package studio.loc.app.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;
import studio.loc.app.lut.CubeFlavour;
import studio.loc.app.lut.HaldClut;
import studio.loc.app.lut.LookExport;
import studio.loc.app.lut.LutFileException;
import studio.loc.app.lut.TablePart;
import studio.loc.hypernet.change.Change;
import studio.loc.hypernet.change.ChangeFile;
import studio.loc.hypernet.change.ChangeFileException;

/** {@code export-lut}: the colour-table part of a change as a .cube file or a HaldCLUT picture. */
@Command(name = "export-lut", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Export the colour table of a change as a .cube file or a 16-bit HaldCLUT PNG, for other "
                + "tools (Resolve, Premiere, Photoshop, FFmpeg, OCIO, ImageMagick, darktable, RawTherapee).",
                "A table maps colours only: what the change does beyond that (a filter, a gain map over the frame, "
                        + "the diffusion model's part) is left out, and the command says so."},
        footer = {"", "Examples:",
                "  loc-studio export-lut film-look.loc.safetensors -o film-look.cube",
                "  loc-studio export-lut film-look.loc.safetensors -o film-look.cube --size 65 --flavour adobe",
                "  loc-studio export-lut film-look.loc.safetensors --hald -o film-look.png",
                "", "Exit codes: 0 written, 2 usage error or a change with no colour table."})
final class ExportLutCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Parameters(index = "0", paramLabel = "CHANGE", description = "The change file (*.loc.safetensors).")
    Path change;

    @Option(names = {"-o", "--output"}, required = true, paramLabel = "FILE",
            description = "The table file to write (.cube, or .png with --hald).")
    Path output;

    @Option(names = "--size", paramLabel = "N",
            description = "Nodes per side: 2 to 65 for .cube (default 33; 65 for finer grading tools), a square "
                    + "(4, 9, ..., 64, default 64) for --hald.")
    Integer size;

    @Option(names = "--flavour", paramLabel = "F", defaultValue = "resolve",
            description = "The .cube dialect: resolve (LUT_3D_INPUT_RANGE) or adobe (DOMAIN_MIN/MAX); default "
                    + "${DEFAULT-VALUE}.")
    String flavour;

    @Option(names = "--hald", description = "Write a 16-bit HaldCLUT PNG instead of a .cube file.")
    boolean hald;

    @Option(names = "--strength", paramLabel = "S", converter = StrengthConverter.class,
            description = "The strength to export the change at, -1 to 2 (default: the change's own).")
    Double strength;

    @Override
    public Integer call() throws Exception {
        CubeFlavour dialect = dialect();
        int nodes = nodes();
        Change read = readChange();
        TablePart part;
        try {
            part = LookExport.write(read, strength != null ? strength : read.defaultStrength(), output, nodes,
                    dialect, hald);
        } catch (LutFileException e) {
            throw new CliException(e.getMessage(), ExitCodes.USAGE, e);
        }
        PrintWriter out = spec.commandLine().getOut();
        out.println("Wrote " + (hald ? "HaldCLUT (level " + HaldClut.levelFor(nodes) + ")" : ".cube")
                + " with " + nodes + "^3 nodes of \"" + read.name() + "\" to " + output);
        out.println(part.summary());
        out.flush();
        return ExitCodes.OK;
    }

    private CubeFlavour dialect() {
        try {
            return CubeFlavour.valueOf(flavour.trim().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new ParameterException(spec.commandLine(), "--flavour must be resolve or adobe, got " + flavour);
        }
    }

    private int nodes() {
        if (hald) {
            int nodes = size == null ? HaldClut.DEFAULT_LEVEL * HaldClut.DEFAULT_LEVEL : size;
            if (HaldClut.levelFor(nodes) < 0) {
                throw new ParameterException(spec.commandLine(), "--size with --hald must be a square from 4 to 256"
                        + " (a HaldCLUT of level L has L*L nodes per side), got " + nodes);
            }
            return nodes;
        }
        int nodes = size == null ? LookExport.DEFAULT_CUBE_SIZE : size;
        if (nodes < 2 || nodes > LookExport.MAX_CUBE_SIZE) {
            throw new ParameterException(spec.commandLine(), "--size must be 2 to 65 for a .cube file, got " + nodes);
        }
        return nodes;
    }

    private Change readChange() throws CliException, IOException {
        if (!Files.isRegularFile(change)) {
            throw new CliException("Change file not found: " + change.toAbsolutePath(), ExitCodes.USAGE);
        }
        try {
            return ChangeFile.readUnchecked(change);
        } catch (ChangeFileException e) {
            throw new CliException("Cannot read the change file " + change + ": " + e.getMessage(), ExitCodes.USAGE,
                    e);
        }
    }
}
