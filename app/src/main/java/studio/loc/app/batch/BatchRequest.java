package studio.loc.app.batch;

import java.nio.file.Path;
import java.util.List;
import java.util.Objects;
import studio.loc.diffusion.image.PictureWriter;
import studio.loc.diffusion.image.metadata.OutputMetadata;
import studio.loc.diffusion.sample.SamplingOptions;
import studio.loc.hypernet.engine.ChangeEngine;
import studio.loc.hypernet.engine.LearnedChange;

/**
 * What to edit, with which change, and where the results go.
 *
 * @param inputs photo files and/or folders (folders are walked recursively)
 * @param output the output folder, or the output file when {@code singleFileOutput}
 * @param singleFileOutput true when one photo is edited into the file {@code output} (no manifest, no report)
 * @param change the change to apply
 * @param changeFingerprint identifies the change for resuming (e.g. the change file's SHA-256); a different
 *                          fingerprint means earlier outputs are redone
 * @param strength how strongly to apply the change, {@link ChangeEngine#MIN_STRENGTH} to
 *                 {@link ChangeEngine#MAX_STRENGTH}
 * @param settings sampler settings
 * @param format output format ({@code "png"}, {@code "jpeg"}, ...), or null to keep each photo's own format
 * @param jpegQuality JPEG quality 1-100 for JPEG outputs
 * @param resume skip outputs a previous run finished with the same inputs and settings
 * @param allowInsideInput allow the output folder to lie inside an input folder (it is then left out of the walk)
 * @param maxPixels photos with more pixels are skipped as too large
 * @param overwrite replace existing files in the output even when no earlier batch wrote them (by default such a
 *                  file is kept: a folder batch gives its output another name, a single output file is refused)
 * @param stripMetadata write outputs without the photos' EXIF, IPTC, XMP and colour profile (pixels in sRGB)
 */
public record BatchRequest(List<Path> inputs, Path output, boolean singleFileOutput, LearnedChange change,
                           String changeFingerprint, double strength, SamplingOptions settings, String format,
                           int jpegQuality, boolean resume, boolean allowInsideInput, long maxPixels,
                           boolean overwrite, boolean stripMetadata) {

    /** 100 megapixels: a large camera file decodes to ~1.2 GB of float RGB, more would risk the heap. */
    public static final long DEFAULT_MAX_PIXELS = 100_000_000L;

    public BatchRequest {
        inputs = List.copyOf(inputs);
        Objects.requireNonNull(output, "output");
        Objects.requireNonNull(change, "change");
        Objects.requireNonNull(changeFingerprint, "changeFingerprint");
        Objects.requireNonNull(settings, "settings");
        if (inputs.isEmpty()) {
            throw new IllegalArgumentException("no inputs");
        }
        ChangeEngine.checkStrength(strength);
        if (jpegQuality < 1 || jpegQuality > 100) {
            throw new IllegalArgumentException("JPEG quality must be 1 to 100, got " + jpegQuality);
        }
        if (maxPixels < 1) {
            throw new IllegalArgumentException("maxPixels must be positive, got " + maxPixels);
        }
    }

    /**
     * What outputs say about themselves: the photo's metadata with a history entry naming the change and strength,
     * or nothing.
     */
    public OutputMetadata outputMetadata() {
        return stripMetadata ? OutputMetadata.STRIP
                : OutputMetadata.appliedChange(change.name(), strength);
    }

    /** Starts a request with the defaults: keep formats, resume on, the writer's JPEG quality, 100-megapixel limit. */
    public static Builder builder(LearnedChange change, String changeFingerprint, SamplingOptions settings) {
        return new Builder(change, changeFingerprint, settings);
    }

    /** Fills a {@link BatchRequest} step by step; every setter returns this builder. */
    public static final class Builder {
        private final LearnedChange change;
        private final String changeFingerprint;
        private final SamplingOptions settings;
        private List<Path> inputs = List.of();
        private Path output;
        private boolean singleFileOutput;
        private double strength = 1;
        private String format;
        private int jpegQuality = PictureWriter.DEFAULT_JPEG_QUALITY;
        private boolean resume = true;
        private boolean allowInsideInput;
        private long maxPixels = DEFAULT_MAX_PIXELS;
        private boolean overwrite;
        private boolean stripMetadata;

        private Builder(LearnedChange change, String changeFingerprint, SamplingOptions settings) {
            this.change = change;
            this.changeFingerprint = changeFingerprint;
            this.settings = settings;
        }

        public Builder inputs(List<Path> value) {
            inputs = value;
            return this;
        }

        /** Results go into this folder, mirroring the input layout. */
        public Builder outputFolder(Path value) {
            output = value;
            singleFileOutput = false;
            return this;
        }

        /** The one input photo is edited into this file. */
        public Builder outputFile(Path value) {
            output = value;
            singleFileOutput = true;
            return this;
        }

        public Builder strength(double value) {
            strength = value;
            return this;
        }

        public Builder format(String value) {
            format = value;
            return this;
        }

        public Builder jpegQuality(int value) {
            jpegQuality = value;
            return this;
        }

        public Builder resume(boolean value) {
            resume = value;
            return this;
        }

        public Builder allowInsideInput(boolean value) {
            allowInsideInput = value;
            return this;
        }

        public Builder maxPixels(long value) {
            maxPixels = value;
            return this;
        }

        public Builder overwrite(boolean value) {
            overwrite = value;
            return this;
        }

        public Builder stripMetadata(boolean value) {
            stripMetadata = value;
            return this;
        }

        public BatchRequest build() {
            return new BatchRequest(inputs, output, singleFileOutput, change, changeFingerprint, strength, settings,
                    format, jpegQuality, resume, allowInsideInput, maxPixels, overwrite, stripMetadata);
        }
    }
}
