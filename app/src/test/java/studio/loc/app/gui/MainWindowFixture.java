package studio.loc.app.gui;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import java.util.prefs.Preferences;
import javafx.scene.Node;
import javafx.scene.control.ListView;
import javafx.stage.Stage;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.io.TempDir;
import org.testfx.api.FxRobot;
import org.testfx.api.FxToolkit;
import studio.loc.app.gui.view.DropZone;

/** The real main window, headless, with the test-double engine: shown before each test, closed after it. */
abstract class MainWindowFixture {


    static final Duration WAIT = Duration.ofSeconds(15);

    @TempDir
    Path dir;
    final FxRobot robot = new FxRobot();
    private Preferences prefs;
    MainViewModel viewModel;
    MainWindow window;
    Stage stage;

    @BeforeAll
    static void toolkit() throws Exception {
        FxTestSupport.startHeadless();
    }

    FakeEditEngine engine;

    @BeforeEach
    void showWindow() throws Exception {
        prefs = Preferences.userRoot().node("studio/loc/test/" + UUID.randomUUID());
        GuiSettings settings = new GuiSettings(prefs);
        settings.setLibraryFolder(dir.resolve("library"));
        settings.rememberWindow(GuiSettings.screenKey(1600, 1000), 1280, 800, false);
        engine = new FakeEditEngine("tiny", dir, 3);
        stage = FxToolkit.registerPrimaryStage();
        FxToolkit.setupFixture(() -> {
            viewModel = MainViewModel.create(new DiffusionPictureFiles(), settings);
            window = MainWindow.create(viewModel, folder -> { });
            window.showOn(stage, settings);
            viewModel.openEngine(folder -> engine, dir.resolve("model"));
        });
        FxTestSupport.waitFor("model ready", WAIT,
                () -> viewModel.session().stateProperty().get() == EngineSession.State.READY);
    }

    @AfterEach
    void closeWindow() throws Exception {
        FxToolkit.setupFixture(() -> {
            for (javafx.stage.Window w : List.copyOf(javafx.stage.Window.getWindows())) {
                if (w != stage && w instanceof Stage s) {
                    s.close();
                }
            }
            viewModel.close();
        });
        FxToolkit.cleanupStages();
        prefs.removeNode();
    }

    /** Before/after through the drop zones' own drop path, one query through the filmstrip's. */
    Path dropExample() throws Exception {
        Path before = TestImages.writeScene(dir.resolve("before.png"), 64, 48, 0, 0);
        Path after = TestImages.writeScene(dir.resolve("after.png"), 64, 48, 0.9, 0);
        Path query = TestImages.writeScene(dir.resolve("query.png"), 80, 60, 0, 1);
        FxTestSupport.onFx(() -> {
            this.<DropZone>find("#beforeZone").acceptFiles(List.of(before));
            this.<DropZone>find("#afterZone").acceptFiles(List.of(after));
            viewModel.filmstrip().add(List.of(query));
        });
        FxTestSupport.waitFor("example and photo loaded", WAIT, () -> !find("#learnButton").isDisabled()
                && this.<ListView<?>>find("#filmstrip").getItems().size() == 1);
        return query;
    }

    @SuppressWarnings("unchecked")
    <T extends Node> T find(String selector) {
        return (T) window.scene().lookup(selector);
    }
}
