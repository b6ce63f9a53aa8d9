package studio.loc.app.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Random;
import org.opencv.core.Core;
import org.opencv.core.CvType;
import org.opencv.core.Mat;
import org.opencv.core.Scalar;
import studio.loc.diffusion.image.ImageFormat;
import studio.loc.diffusion.image.OpenCv;
import studio.loc.diffusion.image.Picture;
import studio.loc.diffusion.image.PictureWriter;

/**
 * Made-up photos for timing: smooth colour gradients with fine grain, different for every seed, so the codecs
 * and the full-resolution transfer do the work a real photo costs (a flat image would compress and resample
 * unrealistically fast). Speed does not depend on content otherwise, so no real photos are needed.
 */
final class SyntheticPhotos {

    /** Photos are 4:3, the most common camera aspect. */
    private static final double ASPECT = 4.0 / 3.0;
    /** Strong enough that the fitted part carries about a third of the batch's change. */
    private static final double TEXTURE_AMPLITUDE = 0.2;
    /**
     * Periods of the texture across the frame: relative to it, so that the copies learning shrinks the pair to
     * (256 px) still show it, and far more than a gain map's 17 nodes can follow.
     */
    private static final int TEXTURE_PERIODS = 30;

    private SyntheticPhotos() {
    }

    /** Width and height of a 4:3 photo of about {@code megapixels} million pixels (at least 2 × 2). */
    static int[] size(double megapixels) {
        int width = Math.max(2, (int) Math.round(Math.sqrt(megapixels * 1e6 * ASPECT)));
        int height = Math.max(2, (int) Math.round(width / ASPECT));
        return new int[] {width, height};
    }

    static Picture photo(int width, int height, long seed) {
        OpenCv.ensureLoaded();
        Random random = new Random(seed);
        // separable waves: a row term and a column term per channel, so a 4-MP photo costs no trigonometry per pixel
        float[][] columns = new float[3][width];
        float[][] rows = new float[3][height];
        for (int c = 0; c < 3; c++) {
            double fx = (1 + random.nextDouble() * 4) * 2 * Math.PI / width;
            double fy = (1 + random.nextDouble() * 4) * 2 * Math.PI / height;
            double px = random.nextDouble() * 6;
            double py = random.nextDouble() * 6;
            for (int x = 0; x < width; x++) {
                columns[c][x] = (float) (0.22 * Math.sin(fx * x + px));
            }
            for (int y = 0; y < height; y++) {
                rows[c][y] = (float) (0.5 + 0.2 * Math.sin(fy * y + py));
            }
        }
        float[] pixels = new float[width * 3];
        Mat rgb = new Mat(height, width, CvType.CV_32FC3);
        for (int y = 0; y < height; y++) {
            for (int x = 0; x < width; x++) {
                for (int c = 0; c < 3; c++) {
                    float grain = (random.nextFloat() - 0.5f) * 0.04f;
                    pixels[x * 3 + c] = Math.clamp(rows[c][y] + columns[c][x] + grain, 0f, 1f);
                }
            }
            rgb.put(y, 0, pixels);
        }
        return Picture.of(rgb);
    }

    /** The example edit of the benchmarks: a warm grade (any edit costs the same to learn and apply). */
    static Picture graded(Picture picture) {
        Mat warm = new Mat();
        Core.multiply(picture.rgb(), new Scalar(1.12, 1.0, 0.8), warm);
        Core.min(warm, new Scalar(1, 1, 1), warm);
        return picture.withRgb(warm);
    }

    /**
     * A warm grade with a brightening tone curve (gamma 0.8): a look that a colour table carries wholly but a
     * linear map does not, so the fitted table is a full one, as a real grade's is.
     */
    static Picture toned(Picture picture) {
        Mat toned = new Mat();
        Core.multiply(picture.rgb(), new Scalar(1.12, 1.0, 0.8), toned);
        Core.min(toned, new Scalar(1, 1, 1), toned);
        Core.pow(toned, 0.8, toned);
        return picture.withRgb(toned);
    }

    /**
     * The example edit of the batch benchmark: the warm grade plus a fine woven texture. No filter, colour table or
     * gain map fitted on the pair explains the texture (it is in neither the picture's colours nor its detail, and
     * far finer than a gain map), so the change's fitted part carries only a share and the diffusion model runs for
     * every photo as well: the slowest way a change is applied.
     */
    static Picture gradedWithTexture(Picture picture) {
        Mat edited = new Mat();
        Core.multiply(picture.rgb(), new Scalar(1.12, 1.0, 0.8), edited);
        int width = picture.width();
        int height = picture.height();
        float[] row = new float[width * 3];
        for (int y = 0; y < height; y++) {
            edited.get(y, 0, row);
            double across = Math.sin(2 * Math.PI * TEXTURE_PERIODS * y / height);
            for (int x = 0; x < width; x++) {
                double along = Math.sin(2 * Math.PI * TEXTURE_PERIODS * x / width);
                float weave = (float) (TEXTURE_AMPLITUDE * across * along);
                for (int c = 0; c < 3; c++) {
                    row[x * 3 + c] = Math.max(0, Math.min(1, row[x * 3 + c] + weave));
                }
            }
            edited.put(y, 0, row);
        }
        return picture.withRgb(edited);
    }

    /** Writes {@code count} different JPEG photos into {@code folder}; returns them in order. */
    static List<Path> writeFolder(Path folder, int count, int width, int height) throws IOException {
        Files.createDirectories(folder);
        List<Path> files = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            Path file = folder.resolve(String.format(Locale.ROOT, "photo-%04d.jpg", i + 1));
            try (Picture photo = photo(width, height, 1000L + i)) {
                PictureWriter.write(photo, file, ImageFormat.JPEG, PictureWriter.DEFAULT_JPEG_QUALITY);
            }
            files.add(file);
        }
        return files;
    }
}
