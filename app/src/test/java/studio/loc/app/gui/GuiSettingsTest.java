package studio.loc.app.gui;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.UUID;
import java.util.prefs.Preferences;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import studio.loc.app.gui.library.ChangeLibrary;

/** What the GUI remembers, where samples are found and how library files are named. */
class GuiSettingsTest {

    @TempDir
    Path dir;
    private final Preferences prefs = Preferences.userRoot().node("studio/loc/test/" + UUID.randomUUID());

    @AfterEach
    void clean() throws Exception {
        prefs.removeNode();
    }

    @Test
    void remembersFoldersOfChosenFilesAndForgetsDeletedOnes() throws Exception {
        GuiSettings settings = new GuiSettings(prefs);
        Path photos = Files.createDirectories(dir.resolve("photos"));
        settings.rememberFolder(GuiSettings.Folder.QUERY, photos.resolve("a.jpg"));
        assertEquals(photos, new GuiSettings(prefs).lastFolder(GuiSettings.Folder.QUERY).orElseThrow());
        assertTrue(settings.lastFolder(GuiSettings.Folder.EXPORT).isEmpty());
        Files.delete(photos);
        assertTrue(settings.lastFolder(GuiSettings.Folder.QUERY).isEmpty(), "a vanished folder is not offered");
    }

    @Test
    void remembersWindowSizePerScreenButNotWhileMaximized() {
        GuiSettings settings = new GuiSettings(prefs);
        String laptop = GuiSettings.screenKey(1366, 740);
        String desk = GuiSettings.screenKey(1920, 1050);
        settings.rememberWindow(laptop, 1111, 700, false);
        settings.rememberWindow(laptop, 3000, 2000, true);
        settings.rememberWindow(desk, 1700, 1000, false);
        GuiSettings reread = new GuiSettings(prefs);
        assertEquals(new GuiSettings.WindowSize(1111, 700, true), reread.windowSize(laptop).orElseThrow());
        assertEquals(new GuiSettings.WindowSize(1700, 1000, false), reread.windowSize(desk).orElseThrow());
        assertTrue(reread.windowSize(GuiSettings.screenKey(1024, 700)).isEmpty(), "never shown on that screen");
    }

    @Test
    void libraryDefaultsToTheHomeFolderAndCanMove() {
        GuiSettings settings = new GuiSettings(prefs);
        assertEquals(Path.of(System.getProperty("user.home"), "LoC Studio", "changes"), settings.libraryFolder());
        settings.setLibraryFolder(dir);
        assertEquals(dir.toAbsolutePath(), new GuiSettings(prefs).libraryFolder());
    }

    @Test
    void samplesAreFoundNextToTheModelFolderOnlyWhenComplete() throws Exception {
        Path images = Files.createDirectories(dir.resolve("samples/images"));
        Path model = Files.createDirectories(dir.resolve("model"));
        Files.writeString(images.resolve("before.jpg"), "x");
        Files.writeString(images.resolve("after.jpg"), "x");
        assertFalse(SampleImages.near(model).isPresent(), "no query yet");
        Files.writeString(images.resolve("query-2.png"), "x");
        Files.writeString(images.resolve("query-1.png"), "x");
        Files.writeString(images.resolve("notes.txt"), "x");
        SampleImages samples = SampleImages.near(model).orElseThrow();
        assertEquals("before.jpg", samples.before().getFileName().toString());
        assertEquals(2, samples.queries().size());
        assertEquals("query-1.png", samples.queries().getFirst().getFileName().toString());
    }

    @Test
    void changeFileNamesAreSafeOnEveryFileSystem() {
        ChangeLibrary library = new ChangeLibrary(dir);
        assertEquals("Warm_ sunset_1.loc.safetensors", library.fileFor(" Warm: sunset/1 ").getFileName().toString());
        assertEquals("change.loc.safetensors", library.fileFor("..").getFileName().toString());
        assertEquals(dir.toAbsolutePath(), library.fileFor("x").getParent());
    }
}
