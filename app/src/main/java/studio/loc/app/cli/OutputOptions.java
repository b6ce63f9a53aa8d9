package studio.loc.app.cli;

import java.nio.file.Path;
import java.util.Locale;
import picocli.CommandLine;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import studio.loc.app.batch.ImageCodec;
import studio.loc.diffusion.image.PictureWriter;

/** Where and how edited photos are written, shared by {@code apply} and {@code edit}. */
public final class OutputOptions {

    @Option(names = {"-o", "--output"}, required = true, paramLabel = "OUT",
            description = "Output folder (the input layout is kept below it), or an output file when the input is "
                    + "one photo (-o edited.png).")
    Path output;

    @Option(names = "--strength", paramLabel = "S", defaultValue = "1", converter = StrengthConverter.class,
            description = "How strongly to apply the change, -1 (undo) to 2 (exaggerate); default ${DEFAULT-VALUE}.")
    double strength;

    @Option(names = "--format", paramLabel = "FORMAT",
            description = "Write every output as png, jpeg, tiff or webp (default: keep each photo's format).")
    String format;

    @Option(names = "--jpeg-quality", paramLabel = "Q", defaultValue = "" + PictureWriter.DEFAULT_JPEG_QUALITY,
            description = "JPEG quality 1-100 for JPEG outputs; default ${DEFAULT-VALUE}.")
    int jpegQuality;

    @Option(names = "--resume", negatable = true, defaultValue = "true", fallbackValue = "true",
            description = "Skip photos a previous run already finished with the same settings (default on; "
                    + "--no-resume redoes everything).")
    boolean resume;

    @Option(names = "--allow-inside-input",
            description = "Allow the output folder inside an input folder (it is then left out of the input).")
    boolean allowInsideInput;

    @Option(names = "--overwrite",
            description = "Replace existing files in the output that LoC Studio did not write (by default they are "
                    + "kept: outputs then get another name, an output file is refused).")
    boolean overwrite;

    @Option(names = "--max-megapixels", paramLabel = "MP", defaultValue = "100",
            description = "Skip photos larger than this many megapixels; default ${DEFAULT-VALUE}.")
    double maxMegapixels;

    @Option(names = "--strip-metadata",
            description = "Write outputs without the photos' EXIF, IPTC and XMP metadata and colour profile (the "
                    + "pixels are then sRGB). By default outputs keep them, with LoC Studio and the change in their "
                    + "history.")
    boolean stripMetadata;

    @Option(names = {"-q", "--quiet"}, description = "No progress output; only failures and the summary.")
    boolean quiet;

    /** Rejects values out of range with a usage error (exit code 2); --strength is checked as it is read. */
    void validate(CommandLine commandLine, ImageCodec codec) {
        if (jpegQuality < 1 || jpegQuality > 100) {
            throw new ParameterException(commandLine, "--jpeg-quality must be 1 to 100, got " + jpegQuality);
        }
        if (!(maxMegapixels > 0) || Double.isInfinite(maxMegapixels)) {
            throw new ParameterException(commandLine, "--max-megapixels must be a positive number, got "
                    + maxMegapixels);
        }
        String normalised = normalisedFormat();
        if (normalised != null && codec.formatOf("photo." + normalised).isEmpty()) {
            throw new ParameterException(commandLine, "--format must be png, jpeg, tiff or webp, got " + format);
        }
    }

    /** The output format in the codec's words, or null to keep each photo's format. */
    String normalisedFormat() {
        if (format == null) {
            return null;
        }
        String lower = format.trim().toLowerCase(Locale.ROOT);
        return switch (lower) {
            case "jpg" -> "jpeg";
            case "tif" -> "tiff";
            default -> lower;
        };
    }

    long maxPixels() {
        return Math.max(1, Math.round(maxMegapixels * 1_000_000));
    }
}
