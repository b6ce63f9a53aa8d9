package studio.loc.app.bench;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import org.opencv.core.CvType;
import org.opencv.core.Mat;
import studio.loc.diffusion.colour.Lut3d;
import studio.loc.diffusion.image.ImageFormat;
import studio.loc.diffusion.image.Picture;
import studio.loc.diffusion.image.PictureWriter;

/**
 * The bench's own minimal export of a change's colour table for FFmpeg and ImageMagick: the table sampled on a
 * regular grid and written as a {@code .cube} file ({@code lut3d}) and as a 16-bit Hald CLUT PNG
 * ({@code -hald-clut}). Private to the benchmark on purpose: it writes just what the two tools need to run the same
 * look, and is no interchange format the product promises (no title, no domain, no colour-space tags).
 */
final class LookExport {

    /** Nodes per axis of the .cube file: the finest size .cube files commonly use. */
    static final int CUBE_SIZE = 33;
    /** Hald level 8: 64 levels per axis, a 512 × 512 image. */
    static final int HALD_LEVEL = 8;

    private LookExport() {
    }

    /** Writes {@code table} as a .cube file (red varies fastest, as the format orders its lines). */
    static Path writeCube(Lut3d table, Path file) throws IOException {
        int n = CUBE_SIZE;
        float[] values = sample(table, n * n * n, i -> new float[] {
            (i % n) / (float) (n - 1), (i / n % n) / (float) (n - 1), (i / (n * n)) / (float) (n - 1)});
        StringBuilder out = new StringBuilder("LUT_3D_SIZE ").append(n).append('\n');
        for (int i = 0; i < n * n * n; i++) {
            out.append(String.format(Locale.ROOT, "%.6f %.6f %.6f%n", values[3 * i], values[3 * i + 1],
                    values[3 * i + 2]));
        }
        Files.writeString(file, out, StandardCharsets.US_ASCII);
        return file;
    }

    /** Writes {@code table} as a Hald CLUT image: level L has L² levels per axis, red fastest, in an L³ square. */
    static Path writeHald(Lut3d table, Path file) throws IOException {
        int levels = HALD_LEVEL * HALD_LEVEL;
        int side = HALD_LEVEL * HALD_LEVEL * HALD_LEVEL;
        float[] values = sample(table, side * side, i -> new float[] {
            (i % levels) / (float) (levels - 1), (i / levels % levels) / (float) (levels - 1),
            (i / (levels * levels)) / (float) (levels - 1)});
        Mat rgb = new Mat(side, side, CvType.CV_32FC3);
        rgb.put(0, 0, values);
        try (Picture hald = new Picture(rgb, null, 16)) {
            PictureWriter.write(hald, file, ImageFormat.PNG, PictureWriter.DEFAULT_JPEG_QUALITY);
        }
        return file;
    }

    /** The table's output for {@code count} colours, colour {@code i} given by {@code colour}. */
    private static float[] sample(Lut3d table, int count, java.util.function.IntFunction<float[]> colour) {
        float[] in = new float[count * 3];
        for (int i = 0; i < count; i++) {
            System.arraycopy(colour.apply(i), 0, in, 3 * i, 3);
        }
        Mat grid = new Mat(1, count, CvType.CV_32FC3);
        Mat mapped = null;
        try {
            grid.put(0, 0, in);
            mapped = table.apply(grid);
            float[] out = new float[count * 3];
            mapped.get(0, 0, out);
            return out;
        } finally {
            grid.release();
            if (mapped != null) {
                mapped.release();
            }
        }
    }
}
