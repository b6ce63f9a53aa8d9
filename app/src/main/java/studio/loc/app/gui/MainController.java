package studio.loc.app.gui;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import javafx.animation.PauseTransition;
import javafx.application.Platform;
import javafx.beans.binding.Bindings;
import javafx.beans.property.ObjectProperty;
import javafx.fxml.FXML;
import javafx.scene.Node;
import javafx.scene.control.Alert;
import javafx.scene.control.Button;
import javafx.scene.control.CheckBox;
import javafx.scene.control.ButtonType;
import javafx.scene.control.Label;
import javafx.scene.control.ListView;
import javafx.scene.control.MenuItem;
import javafx.scene.control.ProgressBar;
import javafx.scene.control.Slider;
import javafx.scene.control.Spinner;
import javafx.scene.control.SpinnerValueFactory;
import javafx.scene.control.TextField;
import javafx.scene.control.TextFormatter;
import javafx.scene.control.TextInputDialog;
import javafx.scene.control.ToggleButton;
import javafx.scene.control.Tooltip;
import javafx.scene.input.Clipboard;
import javafx.scene.input.TransferMode;
import javafx.scene.layout.BorderPane;
import javafx.stage.DirectoryChooser;
import javafx.stage.FileChooser;
import javafx.stage.Window;
import javafx.util.converter.LongStringConverter;
import org.controlsfx.control.NotificationPane;
import studio.loc.app.gui.library.LibraryItem;
import studio.loc.app.gui.view.CompareMode;
import studio.loc.app.gui.view.CompareView;
import studio.loc.app.gui.view.DropZone;
import studio.loc.app.gui.view.LibraryCell;
import studio.loc.app.gui.view.QueryCell;
import studio.loc.hypernet.engine.ChangeEngine;
import studio.loc.hypernet.engine.LearnedChange;

/**
 * Binds {@code main.fxml} to the {@link MainViewModel} and turns clicks, drops and shortcuts into its commands.
 * Decides nothing itself beyond which dialog to show.
 */
public final class MainController {

    private static final FileChooser.ExtensionFilter IMAGES =
            new FileChooser.ExtensionFilter("Images", "*.png", "*.jpg", "*.jpeg", "*.tif", "*.tiff", "*.webp", "*.bmp");

    private final MainViewModel viewModel;
    private final Runnable batchAction;
    private final PauseTransition noticeTimer = new PauseTransition(javafx.util.Duration.seconds(8));
    @SuppressWarnings("unused") // strong references: bidirectional bindings to asObject() views must not be collected
    private ObjectProperty<Integer> stepsObject;
    @SuppressWarnings("unused")
    private ObjectProperty<Double> guidanceObject;
    @SuppressWarnings("unused")
    private ObjectProperty<Integer> refineStepsObject;

    @FXML private BorderPane root;
    @FXML private Label modelLabel;
    @FXML private DropZone beforeZone;
    @FXML private DropZone afterZone;
    @FXML private Button learnButton;
    @FXML private Label changeLabel;
    @FXML private CheckBox refineCheck;
    @FXML private Spinner<Integer> refineStepsSpinner;
    @FXML private Slider strengthSlider;
    @FXML private Label strengthValue;
    @FXML private Button applyButton;
    @FXML private Spinner<Integer> stepsSpinner;
    @FXML private TextField seedField;
    @FXML private Spinner<Double> guidanceSpinner;
    @FXML private NotificationPane notificationPane;
    @FXML private ToggleButton splitToggle;
    @FXML private ToggleButton sideToggle;
    @FXML private ToggleButton toggleToggle;
    @FXML private Label zoomLabel;
    @FXML private CompareView compareView;
    @FXML private ListView<QueryItem> filmstrip;
    @FXML private Button removeQueryButton;
    @FXML private Label libraryFolderLabel;
    @FXML private ListView<LibraryItem> libraryList;
    @FXML private Label statusLabel;
    @FXML private Label taskLabel;
    @FXML private ProgressBar progressBar;
    @FXML private Button cancelButton;
    @FXML private Button saveButton;
    @FXML private Button exportButton;
    @FXML private Button batchButton;
    @FXML private MenuItem saveItem;
    @FXML private MenuItem exportItem;
    @FXML private MenuItem learnItem;
    @FXML private MenuItem applyItem;
    @FXML private MenuItem cancelItem;
    @FXML private MenuItem batchItem;

    /**
     * @param batchAction opens the batch dialog, or null when batch processing is not available
     */
    public MainController(MainViewModel viewModel, Runnable batchAction) {
        this.viewModel = viewModel;
        this.batchAction = batchAction;
    }

    @FXML
    private void initialize() {
        bindHeader();
        bindExample();
        bindStrengthAndAdvanced();
        bindCompareAndFilmstrip();
        bindLibrary();
        bindStatus();
    }

    // ---------------------------------------------------------------- binding

    private void bindHeader() {
        modelLabel.textProperty().bind(Bindings.createStringBinding(() -> switch (viewModel.engineStateProperty().get()) {
            case NOT_LOADED -> "No model";
            case LOADING -> "Loading model…";
            case FAILED -> "Model could not be opened";
            case READY -> "Model: " + viewModel.modelProperty().get().name();
        }, viewModel.engineStateProperty(), viewModel.modelProperty()));
        saveButton.disableProperty().bind(viewModel.canSaveBinding().not());
        saveItem.disableProperty().bind(viewModel.canSaveBinding().not());
        exportButton.disableProperty().bind(viewModel.canExportBinding().not());
        exportItem.disableProperty().bind(viewModel.canExportBinding().not());
        boolean batchAvailable = batchAction != null;
        batchButton.setVisible(batchAvailable);
        batchButton.setManaged(batchAvailable);
        batchItem.setVisible(batchAvailable);
    }

    private void bindExample() {
        bindZone(beforeZone, viewModel.before(), files -> {
            viewModel.loadBefore(files.getFirst());
            if (files.size() >= 2) { // a before/after pair dropped together
                viewModel.loadAfter(files.get(1));
            }
        });
        bindZone(afterZone, viewModel.after(), files -> viewModel.loadAfter(files.getFirst()));
        learnButton.disableProperty().bind(viewModel.canLearnBinding().not());
        learnItem.disableProperty().bind(viewModel.canLearnBinding().not());
        changeLabel.textProperty().bind(Bindings.createStringBinding(() -> {
            LearnedChange change = viewModel.changeProperty().get();
            if (change == null) {
                return "";
            }
            return change.learnMillis() > 0
                    ? "“" + change.name() + "” — learned in " + Durations.describe(change.learnMillis())
                    : "“" + change.name() + "” — loaded from the library";
        }, viewModel.changeProperty()));
        changeLabel.managedProperty().bind(changeLabel.textProperty().isNotEmpty());
    }

    private void bindZone(DropZone zone, ImageSlot slot, java.util.function.Consumer<List<Path>> load) {
        zone.imageProperty().bind(slot.thumbnailProperty());
        zone.errorProperty().bind(slot.errorProperty());
        zone.loadingProperty().bind(slot.loadingProperty());
        zone.setOnFiles(load);
        zone.setOnBrowse(() -> chooseImage("Choose the " + slot.label().toLowerCase(Locale.ROOT) + " image")
                .ifPresent(file -> load.accept(List.of(file))));
    }

    private void bindStrengthAndAdvanced() {
        strengthSlider.setMin(MainViewModel.MIN_STRENGTH);
        strengthSlider.setMax(MainViewModel.MAX_STRENGTH);
        strengthSlider.valueProperty().bindBidirectional(viewModel.strengthProperty());
        strengthValue.textProperty().bind(viewModel.strengthProperty().asString(Locale.ROOT, "%.2f"));
        applyButton.disableProperty().bind(viewModel.canApplyBinding().not());
        applyItem.disableProperty().bind(viewModel.canApplyBinding().not());

        SpinnerValueFactory.IntegerSpinnerValueFactory stepsFactory =
                new SpinnerValueFactory.IntegerSpinnerValueFactory(1, 500, viewModel.stepsProperty().get());
        stepsSpinner.setValueFactory(stepsFactory);
        stepsObject = viewModel.stepsProperty().asObject();
        stepsFactory.valueProperty().bindBidirectional(stepsObject);

        refineCheck.selectedProperty().bindBidirectional(viewModel.refineProperty());
        refineCheck.setTooltip(new Tooltip("Optimise the learned change on the example pair for the refine steps "
                + "below: a few seconds instead of an instant, and closer to the example."));
        SpinnerValueFactory.IntegerSpinnerValueFactory refineFactory = new SpinnerValueFactory.IntegerSpinnerValueFactory(
                10, ChangeEngine.MAX_REFINE_STEPS, viewModel.refineStepsProperty().get(), 10);
        refineStepsSpinner.setValueFactory(refineFactory);
        refineStepsObject = viewModel.refineStepsProperty().asObject();
        refineFactory.valueProperty().bindBidirectional(refineStepsObject);
        refineStepsSpinner.disableProperty().bind(viewModel.refineProperty().not());

        SpinnerValueFactory.DoubleSpinnerValueFactory guidanceFactory =
                new SpinnerValueFactory.DoubleSpinnerValueFactory(1.0, 20.0, viewModel.guidanceProperty().get(), 0.1);
        guidanceSpinner.setValueFactory(guidanceFactory);
        guidanceObject = viewModel.guidanceProperty().asObject();
        guidanceFactory.valueProperty().bindBidirectional(guidanceObject);

        TextFormatter<Long> seedFormatter = new TextFormatter<>(new LongStringConverter(), viewModel.seedProperty().get(),
                change -> change.getControlNewText().matches("-?\\d{0,18}") ? change : null);
        seedField.setTextFormatter(seedFormatter);
        viewModel.seedProperty().addListener((obs, old, now) -> seedFormatter.setValue(now.longValue()));
        seedFormatter.valueProperty().addListener((obs, old, now) -> {
            if (now != null) {
                viewModel.seedProperty().set(now);
            }
        });
    }

    private void bindCompareAndFilmstrip() {
        compareView.originalProperty().bind(viewModel.originalImageProperty());
        compareView.editedProperty().bind(viewModel.resultImageProperty());
        splitToggle.setOnAction(e -> setMode(CompareMode.SPLIT));
        sideToggle.setOnAction(e -> setMode(CompareMode.SIDE_BY_SIDE));
        toggleToggle.setOnAction(e -> setMode(CompareMode.TOGGLE));
        zoomLabel.textProperty().bind(Bindings.createStringBinding(
                () -> String.format(Locale.ROOT, "Zoom %.0f %%", compareView.scaleProperty().get() * 100),
                compareView.scaleProperty()));
        acceptQueryDrops(compareView);
        acceptQueryDrops(filmstrip);

        filmstrip.setItems(viewModel.queries());
        filmstrip.setCellFactory(list -> new QueryCell());
        filmstrip.setPlaceholder(new Label("Drop photos to edit here"));
        filmstrip.getSelectionModel().selectedItemProperty().addListener((obs, old, now) -> {
            if (now != null) {
                viewModel.selectedQueryProperty().set(now);
            }
        });
        viewModel.selectedQueryProperty().addListener((obs, old, now) -> filmstrip.getSelectionModel().select(now));
        removeQueryButton.disableProperty().bind(viewModel.selectedQueryProperty().isNull());
    }

    private void bindLibrary() {
        libraryList.setItems(viewModel.library());
        libraryList.setCellFactory(list -> {
            LibraryCell cell = new LibraryCell();
            cell.setOnMouseClicked(e -> {
                if (!cell.isEmpty() && e.getButton() == javafx.scene.input.MouseButton.PRIMARY) {
                    viewModel.loadChange(cell.getItem().file());
                }
            });
            return cell;
        });
        libraryList.setPlaceholder(new Label("No saved changes yet.\nLearn one, then “Save change”."));
        libraryList.setOnKeyPressed(e -> {
            LibraryItem item = libraryList.getSelectionModel().getSelectedItem();
            if (item != null && e.getCode() == javafx.scene.input.KeyCode.ENTER) {
                viewModel.loadChange(item.file());
            }
        });
        libraryFolderLabel.textProperty().bind(Bindings.createStringBinding(
                () -> shortPath(viewModel.libraryFolderProperty().get()), viewModel.libraryFolderProperty()));
    }

    private void bindStatus() {
        statusLabel.textProperty().bind(viewModel.statusProperty());
        taskLabel.textProperty().bind(viewModel.taskMessageProperty());
        progressBar.progressProperty().bind(viewModel.progressProperty());
        progressBar.visibleProperty().bind(viewModel.busyProperty());
        cancelButton.visibleProperty().bind(viewModel.busyProperty());
        cancelItem.disableProperty().bind(viewModel.busyProperty().not());
        notificationPane.getStyleClass().add(NotificationPane.STYLE_CLASS_DARK);
        noticeTimer.setOnFinished(e -> notificationPane.hide());
        viewModel.noticeProperty().addListener((obs, old, notice) -> {
            if (notice != null) {
                showNotice(notice);
            }
        });
    }

    /** Errors stay until closed or replaced (they need reading); information fades after a few seconds. */
    private void showNotice(Notice notice) {
        notificationPane.getStyleClass().remove("info");
        if (!notice.error()) {
            notificationPane.getStyleClass().add("info");
        }
        Label text = new Label(notice.text());
        text.setWrapText(true);
        text.getStyleClass().add("notice-text");
        notificationPane.show("", text);
        if (notice.error()) {
            noticeTimer.stop();
        } else {
            noticeTimer.playFromStart();
        }
    }

    // ---------------------------------------------------------------- actions (FXML)

    @FXML
    void openQueries() {
        FileChooser chooser = imageChooser("Open photos to edit", GuiSettings.Folder.QUERY);
        List<File> chosen = chooser.showOpenMultipleDialog(window());
        if (chosen != null && !chosen.isEmpty()) {
            viewModel.addQueries(chosen.stream().map(File::toPath).toList());
        }
    }

    @FXML
    void chooseBefore() {
        chooseImage("Choose the before image").ifPresent(viewModel::loadBefore);
    }

    @FXML
    void chooseAfter() {
        chooseImage("Choose the after image").ifPresent(viewModel::loadAfter);
    }

    /** Ctrl+V: image files or image data from the clipboard go to the focused drop zone, else to the photos. */
    @FXML
    void paste() {
        Clipboard clipboard = Clipboard.getSystemClipboard();
        List<Path> files;
        if (clipboard.hasFiles()) {
            files = clipboard.getFiles().stream().map(File::toPath).toList();
        } else if (clipboard.hasImage()) {
            try {
                files = List.of(ClipboardImages.saveAsTemporaryPng(clipboard.getImage()));
            } catch (IOException e) {
                showNotice("The pasted image could not be used: " + UserMessages.describe(e));
                return;
            }
        } else {
            showNotice("The clipboard holds no image.");
            return;
        }
        Node focused = root.getScene() == null ? null : root.getScene().getFocusOwner();
        if (focused == beforeZone) {
            beforeZone.acceptFiles(files);
        } else if (focused == afterZone) {
            afterZone.acceptFiles(files);
        } else {
            viewModel.addQueries(files);
        }
    }

    @FXML
    void learn() {
        viewModel.learn();
    }

    @FXML
    void apply() {
        viewModel.apply();
    }

    @FXML
    void cancel() {
        viewModel.cancel();
    }

    @FXML
    void resetAdvanced() {
        viewModel.resetAdvanced();
    }

    @FXML
    void removeQuery() {
        QueryItem selected = viewModel.selectedQueryProperty().get();
        if (selected != null) {
            viewModel.removeQuery(selected);
        }
    }

    /** Asks for a name, warns before replacing a saved change of the same name, then saves into the library. */
    @FXML
    void saveChange() {
        LearnedChange change = viewModel.changeProperty().get();
        if (change == null || !viewModel.canSaveBinding().get()) {
            return;
        }
        TextInputDialog dialog = new TextInputDialog(
                MainViewModel.NEW_CHANGE_NAME.equals(change.name()) ? "" : change.name());
        dialog.initOwner(window());
        dialog.setTitle("Save change");
        dialog.setHeaderText("Name this change so you can find it in the library");
        dialog.setContentText("Name:");
        dialog.getDialogPane().lookupButton(ButtonType.OK).disableProperty()
                .bind(dialog.getEditor().textProperty().isEmpty());
        Optional<String> name = dialog.showAndWait().map(String::strip).filter(s -> !s.isEmpty());
        if (name.isEmpty()) {
            return;
        }
        Path file = viewModel.changeFileFor(name.get());
        if (Files.exists(file) && !confirm("Replace the saved change?",
                "A change called “" + name.get() + "” already exists in the library. Replace it?")) {
            return;
        }
        viewModel.saveChange(name.get(), file);
    }

    /** Chooses where to export; the original photo is never overwritten without an explicit yes. */
    @FXML
    void export() {
        if (!viewModel.canExportBinding().get()) {
            return;
        }
        FileChooser chooser = new FileChooser();
        chooser.setTitle("Export the edited photo");
        for (ExportFormat format : ExportFormat.values()) {
            chooser.getExtensionFilters().add(new FileChooser.ExtensionFilter(format.description(), format.patterns()));
        }
        chooser.setInitialFileName(viewModel.suggestedExportName(ExportFormat.PNG));
        viewModel.settings().lastFolder(GuiSettings.Folder.EXPORT)
                .or(() -> Optional.ofNullable(viewModel.selectedQueryProperty().get())
                        .map(q -> q.file().toAbsolutePath().getParent()))
                .ifPresent(folder -> chooser.setInitialDirectory(folder.toFile()));
        File chosen = chooser.showSaveDialog(window());
        if (chosen == null) {
            return;
        }
        exportTo(chosen.toPath());
    }

    /** The export step after the file is chosen (also used by tests that cannot drive a native file chooser). */
    void exportTo(Path target) {
        boolean original = viewModel.isOriginalOfSelected(target);
        if (original && !confirm("Overwrite the original photo?",
                target.getFileName() + " is the photo you are editing. Exporting there replaces the original "
                        + "for good. Overwrite it?")) {
            return;
        }
        viewModel.export(target, original);
    }

    @FXML
    void openBatch() {
        if (batchAction != null) {
            batchAction.run();
        }
    }

    @FXML
    void quit() {
        Window window = window();
        if (window != null) {
            window.fireEvent(new javafx.stage.WindowEvent(window, javafx.stage.WindowEvent.WINDOW_CLOSE_REQUEST));
            if (window.isShowing()) {
                ((javafx.stage.Stage) window).close();
            }
        } else {
            Platform.exit();
        }
    }

    @FXML
    void zoomFit() {
        compareView.fit();
    }

    @FXML
    void zoomActual() {
        compareView.actualSize();
    }

    @FXML
    void modeSplit() {
        setMode(CompareMode.SPLIT);
    }

    @FXML
    void modeSideBySide() {
        setMode(CompareMode.SIDE_BY_SIDE);
    }

    @FXML
    void modeToggle() {
        setMode(CompareMode.TOGGLE);
    }

    @FXML
    void chooseLibraryFolder() {
        DirectoryChooser chooser = new DirectoryChooser();
        chooser.setTitle("Choose the change library folder");
        Path current = viewModel.libraryFolderProperty().get();
        if (current != null && Files.isDirectory(current)) {
            chooser.setInitialDirectory(current.toFile());
        }
        File chosen = chooser.showDialog(window());
        if (chosen != null) {
            viewModel.setLibraryFolder(chosen.toPath());
        }
    }

    @FXML
    void refreshLibrary() {
        viewModel.refreshLibrary();
    }

    // ---------------------------------------------------------------- helpers

    private void showNotice(String text) {
        showNotice(new Notice(text, true));
    }

    private void setMode(CompareMode mode) {
        compareView.modeProperty().set(mode);
        splitToggle.setSelected(mode == CompareMode.SPLIT);
        sideToggle.setSelected(mode == CompareMode.SIDE_BY_SIDE);
        toggleToggle.setSelected(mode == CompareMode.TOGGLE);
    }

    private void acceptQueryDrops(Node target) {
        target.setOnDragOver(e -> {
            if (e.getDragboard().hasFiles()) {
                e.acceptTransferModes(TransferMode.COPY);
            }
            e.consume();
        });
        target.setOnDragDropped(e -> {
            boolean ok = e.getDragboard().hasFiles();
            if (ok) {
                viewModel.addQueries(e.getDragboard().getFiles().stream().map(File::toPath).toList());
            }
            e.setDropCompleted(ok);
            e.consume();
        });
    }

    private Optional<Path> chooseImage(String title) {
        File chosen = imageChooser(title, GuiSettings.Folder.PAIR).showOpenDialog(window());
        return Optional.ofNullable(chosen).map(File::toPath);
    }

    private FileChooser imageChooser(String title, GuiSettings.Folder folder) {
        FileChooser chooser = new FileChooser();
        chooser.setTitle(title);
        chooser.getExtensionFilters().addAll(IMAGES, new FileChooser.ExtensionFilter("All files", "*.*"));
        viewModel.settings().lastFolder(folder).ifPresent(dir -> chooser.setInitialDirectory(dir.toFile()));
        return chooser;
    }

    private boolean confirm(String header, String text) {
        Alert alert = new Alert(Alert.AlertType.CONFIRMATION, text, ButtonType.CANCEL, ButtonType.OK);
        alert.initOwner(window());
        alert.setTitle("LoC Studio");
        alert.setHeaderText(header);
        return alert.showAndWait().filter(ButtonType.OK::equals).isPresent();
    }

    private Window window() {
        return root.getScene() == null ? null : root.getScene().getWindow();
    }

    private static String shortPath(Path path) {
        if (path == null) {
            return "";
        }
        Path home = Path.of(System.getProperty("user.home"));
        return path.startsWith(home) ? "~/" + home.relativize(path) : path.toString();
    }
}
