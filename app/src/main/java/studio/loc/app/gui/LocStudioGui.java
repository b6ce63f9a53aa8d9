package studio.loc.app.gui;

import java.nio.file.Path;
import java.util.Objects;
import javafx.application.Application;
import studio.loc.hypernet.engine.EngineFactory;

/**
 * The GUI's front door for the launcher: {@code LocStudioGui.launch(factory, modelFolder, args)} starts JavaFX,
 * shows the window at once and opens the model off the UI thread ("Loading model…"). Blocks until the window closes.
 */
public final class LocStudioGui {

    /** What the JavaFX application needs, handed over before {@link Application#launch} creates it. */
    record Launch(EngineFactory factory, Path modelFolder, PictureFiles pictureFiles, GuiSettings settings) {
    }

    private static volatile Launch pending;

    private LocStudioGui() {
    }

    public static void launch(EngineFactory factory, Path modelFolder, String[] args) {
        launch(factory, modelFolder, new DiffusionPictureFiles(), GuiSettings.forUser(), args);
    }

    /** Same, with other picture files or settings (the screenshot demo keeps its own preferences). */
    public static void launch(EngineFactory factory, Path modelFolder, PictureFiles pictureFiles, GuiSettings settings,
                              String[] args) {
        pending = new Launch(Objects.requireNonNull(factory), modelFolder, Objects.requireNonNull(pictureFiles),
                Objects.requireNonNull(settings));
        Application.launch(LocStudioApplication.class, args == null ? new String[0] : args);
    }

    static Launch pending() {
        Launch launch = pending;
        if (launch == null) {
            throw new IllegalStateException("Start the GUI through LocStudioGui.launch(...)");
        }
        return launch;
    }
}
