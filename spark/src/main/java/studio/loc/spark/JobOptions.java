package studio.loc.spark;

import java.io.Serializable;
import java.util.Objects;

/**
 * What one run of {@link ApplyChangeJob} does.
 *
 * @param change the change file (any Hadoop file system URI, or a path)
 * @param input the folder of photos (walked recursively)
 * @param output the output folder; the input layout is kept below it
 * @param strength how strongly to apply the change
 * @param format the output format in the codec's words ({@code png}, {@code jpeg}, ...), or null to keep each
 *               photo's format
 * @param jpegQuality quality of JPEG and WebP outputs, 1 to 100
 * @param model the base-model folder, a local path that exists on every node; null for {@code apply}'s default
 *              ({@code $LOC_STUDIO_MODEL}, else the bundled model)
 * @param maxPixels photos with more pixels are failed as too large
 * @param photosPerTask at most this many small photos go into one Spark task (the unit that is retried)
 */
public record JobOptions(String change, String input, String output, double strength, String format,
                         int jpegQuality, String model, long maxPixels, int photosPerTask) implements Serializable {

    public static final int DEFAULT_JPEG_QUALITY = 95;
    public static final long DEFAULT_MAX_PIXELS = 100_000_000L;
    public static final int DEFAULT_PHOTOS_PER_TASK = 16;

    public JobOptions {
        Objects.requireNonNull(change, "change");
        Objects.requireNonNull(input, "input");
        Objects.requireNonNull(output, "output");
        if (photosPerTask < 1) {
            throw new IllegalArgumentException("photosPerTask must be positive, got " + photosPerTask);
        }
    }

    /** The defaults of {@code loc-studio apply}: strength 1, keep formats, quality 95, 100 megapixels. */
    public static JobOptions of(String change, String input, String output) {
        return new JobOptions(change, input, output, 1, null, DEFAULT_JPEG_QUALITY, null, DEFAULT_MAX_PIXELS,
                DEFAULT_PHOTOS_PER_TASK);
    }

    public JobOptions withStrength(double newStrength) {
        return new JobOptions(change, input, output, newStrength, format, jpegQuality, model, maxPixels,
                photosPerTask);
    }

    public JobOptions withFormat(String newFormat) {
        return new JobOptions(change, input, output, strength, newFormat, jpegQuality, model, maxPixels,
                photosPerTask);
    }

    public JobOptions withModel(String newModel) {
        return new JobOptions(change, input, output, strength, format, jpegQuality, newModel, maxPixels,
                photosPerTask);
    }

    public JobOptions withPhotosPerTask(int perTask) {
        return new JobOptions(change, input, output, strength, format, jpegQuality, model, maxPixels, perTask);
    }
}
