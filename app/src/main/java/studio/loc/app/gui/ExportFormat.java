package studio.loc.app.gui;

import java.nio.file.Path;
import java.util.List;
import java.util.Locale;

/** The formats the Export command offers, with the file-name patterns the file chooser shows. */
public enum ExportFormat {
    PNG("PNG image", List.of("*.png")),
    JPEG("JPEG image", List.of("*.jpg", "*.jpeg")),
    TIFF("TIFF image", List.of("*.tif", "*.tiff"));

    private final String description;
    private final List<String> patterns;

    ExportFormat(String description, List<String> patterns) {
        this.description = description;
        this.patterns = patterns;
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
