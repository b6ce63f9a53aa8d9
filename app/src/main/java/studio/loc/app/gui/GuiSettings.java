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

    public double windowWidth() {
        return prefs.getDouble("window.width", DEFAULT_WIDTH);
    }

    public double windowHeight() {
        return prefs.getDouble("window.height", DEFAULT_HEIGHT);
    }

    public boolean windowMaximized() {
        return prefs.getBoolean("window.maximized", false);
    }

    public void rememberWindow(double width, double height, boolean maximized) {
        prefs.putBoolean("window.maximized", maximized);
        if (!maximized && width > 200 && height > 200) {
            prefs.putDouble("window.width", width);
            prefs.putDouble("window.height", height);
        }
    }
}
