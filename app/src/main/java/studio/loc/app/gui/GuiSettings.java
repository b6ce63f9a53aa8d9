package studio.loc.app.gui;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import java.util.prefs.Preferences;

/** What the GUI remembers between runs (java.util.prefs): last folders, window size, the change library folder. */
public final class GuiSettings {

    /** Which file chooser a remembered folder belongs to. */
    public enum Folder { PAIR, QUERY, EXPORT, BATCH_INPUT, BATCH_OUTPUT }

    public static final double DEFAULT_WIDTH = 1360;
    public static final double DEFAULT_HEIGHT = 860;

    private final Preferences prefs;

    public GuiSettings(Preferences prefs) {
        this.prefs = prefs;
    }

    /** The settings of the installed application. */
    public static GuiSettings forUser() {
        return new GuiSettings(Preferences.userRoot().node("studio/loc/gui"));
    }

    public Optional<Path> lastFolder(Folder kind) {
        String value = prefs.get("folder." + kind.name(), null);
        if (value == null) {
            return Optional.empty();
        }
        Path folder = Path.of(value);
        return Files.isDirectory(folder) ? Optional.of(folder) : Optional.empty();
    }

    public void rememberFolder(Folder kind, Path fileOrFolder) {
        Path folder = Files.isDirectory(fileOrFolder) ? fileOrFolder : fileOrFolder.toAbsolutePath().getParent();
        if (folder != null) {
            prefs.put("folder." + kind.name(), folder.toString());
        }
    }

    /** JPEG exports are for delivery, so visually lossless unless the user says otherwise. */
    public static final int DEFAULT_JPEG_QUALITY = 95;

    /** The format the user last exported to, if any. */
    public Optional<ExportFormat> exportFormat() {
        String value = prefs.get("export.format", null);
        try {
            return value == null ? Optional.empty() : Optional.of(ExportFormat.valueOf(value));
        } catch (IllegalArgumentException unknown) {
            return Optional.empty();
        }
    }

    public void rememberExportFormat(ExportFormat format) {
        prefs.put("export.format", format.name());
    }

    public int jpegQuality() {
        return Math.clamp(prefs.getInt("export.jpegQuality", DEFAULT_JPEG_QUALITY), 1, 100);
    }

    public void setJpegQuality(int quality) {
        prefs.putInt("export.jpegQuality", Math.clamp(quality, 1, 100));
    }

    public Path libraryFolder() {
        String value = prefs.get("library.folder", null);
        return value != null ? Path.of(value) : defaultLibraryFolder();
    }

    public void setLibraryFolder(Path folder) {
        prefs.put("library.folder", folder.toAbsolutePath().toString());
    }

    public static Path defaultLibraryFolder() {
        return Path.of(System.getProperty("user.home"), "LoC Studio", "changes");
    }

    /** The window's size as last left on a screen of this size ({@link #screenKey}), if it was ever shown there. */
    public Optional<WindowSize> windowSize(String screen) {
        double width = prefs.getDouble("window." + screen + ".width", -1);
        double height = prefs.getDouble("window." + screen + ".height", -1);
        boolean maximized = prefs.getBoolean("window." + screen + ".maximized", false);
        if (width <= 0 || height <= 0) {
            return maximized ? Optional.of(new WindowSize(DEFAULT_WIDTH, DEFAULT_HEIGHT, true)) : Optional.empty();
        }
        return Optional.of(new WindowSize(width, height, maximized));
    }

    /** Remembers the window's size for this screen; a maximized window keeps the size it had before. */
    public void rememberWindow(String screen, double width, double height, boolean maximized) {
        prefs.putBoolean("window." + screen + ".maximized", maximized);
        if (!maximized && width > 200 && height > 200) {
            prefs.putDouble("window." + screen + ".width", width);
            prefs.putDouble("window." + screen + ".height", height);
        }
    }

    /** A screen is known by the size of its visible area: a laptop alone and the laptop on a desk monitor differ. */
    public static String screenKey(double visibleWidth, double visibleHeight) {
        return Math.round(visibleWidth) + "x" + Math.round(visibleHeight);
    }

    /** A window's size on one screen. */
    public record WindowSize(double width, double height, boolean maximized) {
    }
}
