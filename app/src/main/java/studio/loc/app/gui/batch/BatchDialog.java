package studio.loc.app.gui.batch;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.Objects;
import java.util.function.Consumer;
import javafx.fxml.FXMLLoader;
import javafx.scene.Parent;
import javafx.scene.Scene;
import javafx.stage.Stage;
import javafx.stage.Window;
import studio.loc.app.messages.Texts;

/** The batch window (non-modal, owned by the main window); one per main window, reused. */
public final class BatchDialog {

    static final String FXML = "/studio/loc/ui/batch.fxml";
    static final String CSS = "/studio/loc/ui/studio.css";

    private final Stage stage;
    private final BatchViewModel viewModel;

    private BatchDialog(Stage stage, BatchViewModel viewModel) {
        this.stage = stage;
        this.viewModel = viewModel;
    }

    /**
     * @param folderOpener shows a folder in the system's file manager
     */
    public static BatchDialog create(BatchViewModel viewModel, Window owner, Consumer<Path> folderOpener) {
        FXMLLoader loader = new FXMLLoader(Objects.requireNonNull(BatchDialog.class.getResource(FXML)), Texts.bundle());
        loader.setControllerFactory(type -> new BatchController(viewModel, folderOpener));
        Parent root;
        try {
            root = loader.load();
        } catch (IOException e) {
            throw new UncheckedIOException("The batch window layout could not be loaded", e);
        }
        Scene scene = new Scene(root);
        scene.getStylesheets().add(Objects.requireNonNull(BatchDialog.class.getResource(CSS)).toExternalForm());
        Stage stage = new Stage();
        stage.initOwner(owner);
        stage.setTitle(Texts.text("batch.title"));
        stage.getIcons().setAll(studio.loc.app.gui.AppIcons.all());
        stage.setScene(scene);
        stage.setOnCloseRequest(e -> viewModel.cancel());
        return new BatchDialog(stage, viewModel);
    }

    public void show() {
        if (viewModel.changeProperty().get() == null && !viewModel.changes().isEmpty()) {
            viewModel.changes().stream().filter(item -> item.usable()).findFirst()
                    .ifPresent(viewModel.changeProperty()::set);
        }
        stage.show();
        stage.toFront();
    }

    public BatchViewModel viewModel() {
        return viewModel;
    }

    public Stage stage() {
        return stage;
    }
}
