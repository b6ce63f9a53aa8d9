package studio.loc.app.gui;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URL;
import java.util.Objects;
import javafx.fxml.FXMLLoader;
import javafx.geometry.Rectangle2D;
import javafx.scene.Parent;
import javafx.scene.Scene;
import javafx.stage.Screen;
import javafx.stage.Stage;
import java.nio.file.Path;
import java.util.function.Consumer;
import studio.loc.app.gui.batch.BatchDialog;
import studio.loc.app.gui.batch.BatchViewModel;
import studio.loc.app.messages.Texts;

/** Builds the main window from {@code studio/loc/ui/main.fxml} and {@code studio.css} around a view-model. */
public final class MainWindow {

    static final String FXML = "/studio/loc/ui/main.fxml";
    static final String CSS = "/studio/loc/ui/studio.css";

    private final MainViewModel viewModel;
    private final Consumer<Path> folderOpener;
    private Scene scene;
    private MainController controller;
    private BatchDialog batchDialog;

    private MainWindow(MainViewModel viewModel, Consumer<Path> folderOpener) {
        this.viewModel = viewModel;
        this.folderOpener = folderOpener;
    }

    /**
     * @param folderOpener shows a folder in the system's file manager (the batch dialog's "Open output folder")
     */
    public static MainWindow create(MainViewModel viewModel, Consumer<Path> folderOpener) {
        MainWindow window = new MainWindow(viewModel, folderOpener);
        FXMLLoader loader = new FXMLLoader(resource(FXML), Texts.bundle());
        loader.setControllerFactory(type -> {
            if (type == MainController.class) {
                return new MainController(viewModel, window::openBatch);
            }
            throw new IllegalArgumentException("No controller of type " + type);
        });
        Parent root;
        try {
            root = loader.load();
        } catch (IOException e) {
            throw new UncheckedIOException("The main window layout could not be loaded", e);
        }
        Scene scene = new Scene(root);
        scene.getStylesheets().add(resource(CSS).toExternalForm());
        window.scene = scene;
        window.controller = loader.getController();
        return window;
    }

    /** Shows the batch window (created on first use, then reused). */
    public BatchDialog openBatch() {
        if (batchDialog == null) {
            BatchViewModel batch = new BatchViewModel(viewModel.session(), viewModel.threads(), viewModel.settings(),
                    viewModel.library().items(), viewModel.preview().strengthProperty(),
                    viewModel.preview()::samplerSettings);
            batchDialog = BatchDialog.create(batch, scene.getWindow(), folderOpener);
        }
        batchDialog.show();
        return batchDialog;
    }

    /**
     * Puts the window on {@code stage}, sized to fit the visible area of the screen it opens on (at the size it last
     * had on a screen of that size), and remembers its size for that screen when it closes.
     */
    public void showOn(Stage stage, GuiSettings settings) {
        stage.setTitle(title());
        stage.getIcons().setAll(AppIcons.all());
        Rectangle2D visible = Screen.getPrimary().getVisualBounds();
        String screen = GuiSettings.screenKey(visible.getWidth(), visible.getHeight());
        var remembered = settings.windowSize(screen);
        Rectangle2D bounds = WindowPlacement.place(remembered, visible);
        Rectangle2D minimum = WindowPlacement.minimum(visible);
        stage.setMinWidth(minimum.getWidth());
        stage.setMinHeight(minimum.getHeight());
        stage.setX(bounds.getMinX());
        stage.setY(bounds.getMinY());
        stage.setWidth(bounds.getWidth());
        stage.setHeight(bounds.getHeight());
        stage.setMaximized(remembered.map(GuiSettings.WindowSize::maximized).orElse(false));
        stage.setOnCloseRequest(e -> {
            if (!controller.confirmClose()) {
                e.consume();
            }
        });
        stage.setOnHiding(e -> settings.rememberWindow(screen, stage.getWidth(), stage.getHeight(),
                stage.isMaximized()));
        stage.setScene(scene);
        stage.show();
    }

    /** The application's name, as window titles show it. */
    public static String title() {
        return Texts.text("app.title");
    }

    public Scene scene() {
        return scene;
    }

    public MainController controller() {
        return controller;
    }

    static URL resource(String name) {
        return Objects.requireNonNull(MainWindow.class.getResource(name), () -> "Missing UI resource " + name);
    }
}
