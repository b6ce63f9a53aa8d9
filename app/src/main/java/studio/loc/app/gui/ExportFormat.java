package studio.loc.app.gui;

import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import studio.loc.diffusion.image.ImageFormat;
import studio.loc.app.messages.Texts;

/** The formats the Export command offers, with the file-name patterns the file chooser shows. */
public enum ExportFormat {
    PNG("export.format.png", List.of("*.png"), ImageFormat.PNG),
    JPEG("export.format.jpeg", List.of("*.jpg", "*.jpeg"), ImageFormat.JPEG),
    TIFF("export.format.tiff", List.of("*.tif", "*.tiff"), ImageFormat.TIFF);

    private final String descriptionKey;
    private final List<String> patterns;
    private final ImageFormat imageFormat;

    ExportFormat(String descriptionKey, List<String> patterns, ImageFormat imageFormat) {
        this.descriptionKey = descriptionKey;
        this.patterns = patterns;
        this.imageFormat = imageFormat;
    }

    /** The writer's format. */
    public ImageFormat imageFormat() {
        return imageFormat;
    }

    public String description() {
        return Texts.text(descriptionKey);
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
        return ofName(file).orElse(PNG);
    }

    /** The format of a file by its name, if it is one the export offers. */
    public static java.util.Optional<ExportFormat> ofName(Path file) {
        String name = file.getFileName().toString().toLowerCase(Locale.ROOT);
        for (ExportFormat format : values()) {
            for (String pattern : format.patterns) {
                if (name.endsWith(pattern.substring(1))) {
                    return java.util.Optional.of(format);
                }
            }
        }
        return java.util.Optional.empty();
    }
}
