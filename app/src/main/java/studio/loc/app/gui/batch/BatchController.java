package studio.loc.app.gui.batch;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.function.Consumer;
import javafx.beans.binding.Bindings;
import javafx.beans.property.ObjectProperty;
import javafx.beans.property.ReadOnlyStringWrapper;
import javafx.fxml.FXML;
import javafx.scene.control.Button;
import javafx.scene.control.ComboBox;
import javafx.scene.control.Label;
import javafx.scene.control.ListCell;
import javafx.scene.control.ProgressBar;
import javafx.scene.control.TableColumn;
import javafx.scene.control.TableView;
import javafx.scene.control.TextField;
import javafx.scene.layout.VBox;
import javafx.stage.DirectoryChooser;
import javafx.stage.Stage;
import studio.loc.app.batch.FileResult;
import studio.loc.app.gui.library.LibraryItem;
import studio.loc.app.messages.Texts;

/** Binds {@code batch.fxml} to a {@link BatchViewModel}. */
public final class BatchController {

    private final BatchViewModel viewModel;
    private final Consumer<Path> folderOpener;

    @FXML private VBox root;
    @FXML private ComboBox<LibraryItem> changeBox;
    @FXML private TextField inputField;
    @FXML private TextField outputField;
    @FXML private Label settingsLabel;
    @FXML private ProgressBar overallBar;
    @FXML private Label summaryLabel;
    @FXML private Label currentLabel;
    @FXML private ProgressBar fileBar;
    @FXML private TableView<FileResult> failureTable;
    @FXML private TableColumn<FileResult, String> fileColumn;
    @FXML private TableColumn<FileResult, String> reasonColumn;
    @FXML private Button openOutputButton;
    @FXML private Button cancelButton;
    @FXML private Button startButton;

    BatchController(BatchViewModel viewModel, Consumer<Path> folderOpener) {
        this.viewModel = viewModel;
        this.folderOpener = folderOpener;
    }

    @FXML
    private void initialize() {
        changeBox.setItems(viewModel.changes());
        changeBox.setCellFactory(list -> new ChangeNameCell());
        changeBox.setButtonCell(new ChangeNameCell());
        changeBox.valueProperty().bindBidirectional(viewModel.changeProperty());
        changeBox.setPromptText(Texts.text("batch.changePrompt"));
        bindFolderField(inputField, viewModel.inputFolderProperty());
        bindFolderField(outputField, viewModel.outputFolderProperty());
        settingsLabel.textProperty().bind(Bindings.createStringBinding(
                () -> Texts.format("batch.settings", viewModel.strengthProperty().get()),
                viewModel.strengthProperty()));

        overallBar.progressProperty().bind(viewModel.overallProgressProperty());
        fileBar.progressProperty().bind(viewModel.fileProgressProperty());
        fileBar.visibleProperty().bind(viewModel.runningProperty());
        summaryLabel.textProperty().bind(viewModel.summaryProperty());
        currentLabel.textProperty().bind(viewModel.currentFileProperty());

        failureTable.setItems(viewModel.failures());
        failureTable.setPlaceholder(new Label(Texts.text("batch.noFailures")));
        fileColumn.setCellValueFactory(
                row -> new ReadOnlyStringWrapper(row.getValue().input().getFileName().toString()));
        reasonColumn.setCellValueFactory(row -> new ReadOnlyStringWrapper(row.getValue().reason()));
        reasonColumn.setCellFactory(column -> new ReasonCell());

        startButton.disableProperty().bind(viewModel.canStartBinding().not());
        cancelButton.disableProperty().bind(viewModel.runningProperty().not());
        openOutputButton.disableProperty().bind(viewModel.outputFolderProperty().isNull());
    }

    @FXML
    void chooseInput() {
        chooseFolder(Texts.text("batch.chooseInput"), viewModel.inputFolderProperty());
    }

    @FXML
    void chooseOutput() {
        chooseFolder(Texts.text("batch.chooseOutput"), viewModel.outputFolderProperty());
    }

    @FXML
    void start() {
        viewModel.start();
    }

    @FXML
    void cancel() {
        viewModel.cancel();
    }

    @FXML
    void openOutput() {
        Path folder = viewModel.outputFolderProperty().get();
        if (folder != null && Files.isDirectory(folder)) {
            folderOpener.accept(folder);
        }
    }

    @FXML
    void close() {
        ((Stage) root.getScene().getWindow()).close();
    }

    private void chooseFolder(String title, ObjectProperty<Path> target) {
        DirectoryChooser chooser = new DirectoryChooser();
        chooser.setTitle(title);
        // Always a real folder to start in: without one the GTK chooser opens on "Recent".
        Path start = target.get() != null && Files.isDirectory(target.get()) ? target.get()
                : Path.of(System.getProperty("user.home"));
        chooser.setInitialDirectory(start.toFile());
        File chosen = chooser.showDialog(root.getScene().getWindow());
        if (chosen != null) {
            target.set(chosen.toPath());
        }
    }

    /**
     * A folder can be typed or pasted as well as chosen: the text sets the folder as soon as it names one (or is
     * emptied), and a chosen folder fills the text in.
     */
    private static void bindFolderField(TextField field, ObjectProperty<Path> folder) {
        field.setText(folder.get() == null ? "" : folder.get().toString());
        folder.addListener((obs, old, now) -> {
            String shown = now == null ? "" : now.toString();
            if (!field.getText().strip().equals(shown)) {
                field.setText(shown);
            }
        });
        field.textProperty().addListener((obs, old, now) -> {
            String typed = now.strip();
            if (typed.isEmpty()) {
                folder.set(null);
                return;
            }
            try {
                Path path = Path.of(typed.startsWith("~/") ? System.getProperty("user.home") + typed.substring(1)
                        : typed);
                if (!path.equals(folder.get())) {
                    folder.set(path);
                }
            } catch (java.nio.file.InvalidPathException notAPath) {
                folder.set(null);
            }
        });
    }

    /** A failure reason, wrapped on several lines when long, and whole in a tooltip. */
    private static final class ReasonCell extends javafx.scene.control.TableCell<FileResult, String> {
        @Override
        protected void updateItem(String reason, boolean empty) {
            super.updateItem(reason, empty);
            setText(empty ? null : reason);
            setWrapText(true);
            setTooltip(empty || reason == null ? null : new javafx.scene.control.Tooltip(reason));
        }
    }

    /** A saved change by name; unusable ones say why. */
    private static final class ChangeNameCell extends ListCell<LibraryItem> {
        @Override
        protected void updateItem(LibraryItem item, boolean empty) {
            super.updateItem(item, empty);
            setText(empty || item == null ? null
                    : item.usable() ? item.name() : Texts.format("batch.unusableChange", item.name(), item.problem()));
        }
    }
}
