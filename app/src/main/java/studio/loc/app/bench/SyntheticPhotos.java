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
import org.opencv.core.Point;
import org.opencv.core.Scalar;
import org.opencv.core.Size;
import org.opencv.imgproc.Imgproc;
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
    static final int JPEG_QUALITY = 95;

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
     * The example edit of the batch benchmark: the warm grade plus a bright spot in the upper left quarter. No
     * filter or colour table fitted on the pair explains the spot (it depends on where a pixel is, and it is only
     * in one half of the picture), so the change's fitted part carries only a share and the diffusion model runs
     * for every photo as well: the slowest way a change is applied.
     */
    static Picture gradedWithSpot(Picture picture) {
        Mat edited = new Mat();
        Core.multiply(picture.rgb(), new Scalar(1.12, 1.0, 0.8), edited);
        int width = picture.width();
        int height = picture.height();
        Mat spot = new Mat(height, width, CvType.CV_32FC3, new Scalar(0, 0, 0));
        Imgproc.circle(spot, new Point(width * 0.25, height * 0.25), Math.max(1, Math.min(width, height) / 6),
                new Scalar(0.3, 0.3, 0.3), -1);
        Imgproc.GaussianBlur(spot, spot, new Size(0, 0), Math.max(1, Math.min(width, height) / 20.0));
        Core.add(edited, spot, edited);
        spot.release();
        Core.min(edited, new Scalar(1, 1, 1), edited);
        return picture.withRgb(edited);
    }

    /** Writes {@code count} different JPEG photos into {@code folder}; returns them in order. */
    static List<Path> writeFolder(Path folder, int count, int width, int height) throws IOException {
        Files.createDirectories(folder);
        List<Path> files = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            Path file = folder.resolve(String.format(Locale.ROOT, "photo-%04d.jpg", i + 1));
            try (Picture photo = photo(width, height, 1000L + i)) {
                PictureWriter.write(photo, file, ImageFormat.JPEG, JPEG_QUALITY);
            }
            files.add(file);
        }
        return files;
    }
}
