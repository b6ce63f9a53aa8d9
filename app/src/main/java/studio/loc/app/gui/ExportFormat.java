package studio.loc.app.gui;

import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import studio.loc.diffusion.image.ImageFormat;

/** The formats the Export command offers, with the file-name patterns the file chooser shows. */
public enum ExportFormat {
    PNG("PNG image (lossless, keeps 16-bit and transparency)", List.of("*.png"), ImageFormat.PNG),
    JPEG("JPEG image", List.of("*.jpg", "*.jpeg"), ImageFormat.JPEG),
    TIFF("TIFF image (lossless, keeps 16-bit)", List.of("*.tif", "*.tiff"), ImageFormat.TIFF);

    private final String description;
    private final List<String> patterns;
    private final ImageFormat imageFormat;

    ExportFormat(String description, List<String> patterns, ImageFormat imageFormat) {
        this.description = description;
        this.patterns = patterns;
        this.imageFormat = imageFormat;
    }

    /** The writer's format. */
    public ImageFormat imageFormat() {
        return imageFormat;
    }

    public String description() {
        return description;
    }

    public List<String> patterns() {
        return patterns;
    }

    /** The main extension, with the dot. */
    public String extension() {
        return patterns.getFirst().substring(1);
    }

    /** The format a file name asks for, or PNG when the extension is unknown. */
    public static ExportFormat forFile(Path file) {
        String name = file.getFileName().toString().toLowerCase(Locale.ROOT);
        for (ExportFormat format : values()) {
            for (String pattern : format.patterns) {
                if (name.endsWith(pattern.substring(1))) {
                    return format;
                }
            }
        }
        return PNG;
    }
}
