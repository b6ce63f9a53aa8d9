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
    void remembersWindowSizeButNotWhileMaximized() {
        GuiSettings settings = new GuiSettings(prefs);
        settings.rememberWindow(1111, 777, false);
        settings.rememberWindow(3000, 2000, true);
        GuiSettings reread = new GuiSettings(prefs);
        assertEquals(1111, reread.windowWidth());
        assertEquals(777, reread.windowHeight());
        assertTrue(reread.windowMaximized());
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
