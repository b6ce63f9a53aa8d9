package studio.loc.app.lut;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Locale;
import org.opencv.core.CvType;
import org.opencv.core.Mat;
import studio.loc.diffusion.colour.Lut3d;
import studio.loc.diffusion.image.ImageFormat;
import studio.loc.diffusion.image.OpenCv;
import studio.loc.diffusion.image.Picture;
import studio.loc.diffusion.image.PictureWriter;
import studio.loc.diffusion.image.metadata.OutputMetadata;
import studio.loc.hypernet.engine.ChangeEngine;
import studio.loc.hypernet.engine.EngineException;
import studio.loc.hypernet.engine.LearnedChange;

/**
 * Turns a look from another tool (a .cube file or a HaldCLUT picture) into a change: its table, at most 65 nodes
 * per side (finer ones resampled), a 13-node table fitted the other way for negative strengths, and before/after
 * thumbnails of a colour swatch so the library shows the look like any change.
 */
public final class LutImport {

    /** Nodes per side of the table that undoes the look (the fit keeps a dense matrix; 13 is its largest). */
    private static final int REVERSE_SIZE = Lut3d.MAX_FIT_SIZE;
    private static final int REVERSE_SAMPLE_SIDE = 33;
    private static final double REVERSE_SMOOTHNESS = 1e-5;
    private static final double REVERSE_IDENTITY_PULL = 1e-6;
    private static final int SWATCH_WIDTH = 96;
    private static final int SWATCH_HEIGHT = 64;

    private LutImport() {
    }

    /** Whether {@code file} is read as a HaldCLUT picture (by its name) rather than a .cube text. */
    public static boolean isHaldClut(Path file) {
        String name = String.valueOf(file.getFileName()).toLowerCase(Locale.ROOT);
        return name.endsWith(".png") || name.endsWith(".tif") || name.endsWith(".tiff");
    }

    /** The table in {@code file}, as an interchange grid. */
    public static LutGrid read(Path file) throws LutFileException {
        return isHaldClut(file) ? HaldClut.read(file) : CubeFile.read(file);
    }

    /** A change named {@code name} that applies the look in {@code file}. */
    public static LearnedChange asChange(ChangeEngine engine, Path file, String name)
            throws LutFileException, EngineException {
        Lut3d table = read(file).toLut3d();
        try {
            return engine.fromColourTable(table, reverseOf(table), name, swatch(null), swatch(table));
        } catch (IOException e) {
            throw new LutFileException("The thumbnails of " + file.getFileName() + " cannot be made: "
                    + e.getMessage(), e);
        }
    }

    /**
     * The table that maps {@code table}'s outputs back to its inputs: fitted on a 33^3 grid of colours with 13 nodes
     * per side (the fit's largest), then sampled at {@code table}'s size, since a change file holds both tables at
     * one size.
     */
    static Lut3d reverseOf(Lut3d table) {
        Lut3d fitted = fitReverse(table);
        return table.size() == fitted.size() ? fitted : LutGrid.sampled(fitted, table.size()).toLut3d();
    }

    private static Lut3d fitReverse(Lut3d table) {
        OpenCv.ensureLoaded();
        float[] grid = LutGrid.identity(REVERSE_SAMPLE_SIDE).rgb();
        float[] mapped = TableSampler.map(table, grid);
        Mat before = new Mat(grid.length / 3, 1, CvType.CV_32FC3);
        Mat after = new Mat(grid.length / 3, 1, CvType.CV_32FC3);
        try {
            before.put(0, 0, grid);
            after.put(0, 0, mapped);
            return Lut3d.fit(after, before, REVERSE_SIZE, REVERSE_SMOOTHNESS, REVERSE_IDENTITY_PULL);
        } finally {
            before.release();
            after.release();
        }
    }

    /** A PNG of hues across and lightness down, through {@code table} (none: as it is). */
    static byte[] swatch(Lut3d table) throws IOException {
        OpenCv.ensureLoaded();
        float[] rgb = new float[SWATCH_WIDTH * SWATCH_HEIGHT * 3];
        for (int y = 0; y < SWATCH_HEIGHT; y++) {
            float lightness = 1 - y / (float) (SWATCH_HEIGHT - 1);
            for (int x = 0; x < SWATCH_WIDTH; x++) {
                float hue = x / (float) SWATCH_WIDTH * 6;
                int i = 3 * (y * SWATCH_WIDTH + x);
                for (int c = 0; c < 3; c++) {
                    float k = (hue + (c == 0 ? 0 : c == 1 ? 4 : 2)) % 6; // HSL with saturation 0.8
                    float a = 0.8f * Math.min(lightness, 1 - lightness);
                    rgb[i + c] = lightness - a * Math.max(-1, Math.min(Math.min(k - 3, 9 - k), 1));
                }
            }
        }
        Mat mat = new Mat(SWATCH_HEIGHT, SWATCH_WIDTH, CvType.CV_32FC3);
        mat.put(0, 0, table == null ? rgb : TableSampler.map(table, rgb));
        try (Picture picture = Picture.of(mat)) {
            return PictureWriter.encode(picture, ImageFormat.PNG, PictureWriter.DEFAULT_JPEG_QUALITY, "swatch.png",
                    OutputMetadata.STRIP);
        }
    }
}
