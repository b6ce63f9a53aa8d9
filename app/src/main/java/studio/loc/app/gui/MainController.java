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
import javafx.scene.control.ButtonBar;
import javafx.scene.control.ButtonType;
import javafx.scene.control.CheckBox;
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
import javafx.scene.layout.Region;
import javafx.scene.layout.VBox;
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
import studio.loc.app.lut.LookExport;
import studio.loc.app.lut.LutFileException;
import studio.loc.app.lut.LutImport;
import studio.loc.app.lut.TablePart;
import studio.loc.app.messages.FailureMessages;
import studio.loc.app.messages.Texts;
import studio.loc.hypernet.engine.LearnedChange;

/**
 * Binds {@code main.fxml} to the parts of the {@link MainViewModel} and turns clicks, drops and shortcuts into
 * their commands.
 * Decides nothing itself beyond which dialog to show.
 */
public final class MainController {

    private static final List<String> IMAGE_PATTERNS =
            List.of("*.png", "*.jpg", "*.jpeg", "*.tif", "*.tiff", "*.webp", "*.bmp");

    /** How long a notice stays in the notification bar. */
    static final double INFO_SECONDS = 6;
    static final double ERROR_SECONDS = 30;
    private static final javafx.css.PseudoClass NO_CHANGE = javafx.css.PseudoClass.getPseudoClass("none");

    private final MainViewModel viewModel;
    private final Runnable batchAction;
    private final EngineSession session;
    private final StatusViewModel status;
    private final ExamplePairViewModel pair;
    private final FilmstripViewModel photos;
    private final PreviewViewModel preview;
    private final LibraryViewModel library;
    private final ExportViewModel exporter;
    private final PauseTransition noticeTimer = new PauseTransition();
    @SuppressWarnings("unused") // strong references: bidirectional bindings to asObject() views must not be collected
    private ObjectProperty<Integer> stepsObject;
    @SuppressWarnings("unused")
    private ObjectProperty<Double> guidanceObject;
    @SuppressWarnings("unused")
    private ObjectProperty<Integer> refineStepsObject;
    @SuppressWarnings("unused")
    private ObjectProperty<Integer> jpegQualityObject;

    @FXML private BorderPane root;
    @FXML private VBox sidePanel;
    @FXML private VBox libraryPanel;
    @FXML private Label modelLabel;
    @FXML private DropZone beforeZone;
    @FXML private DropZone afterZone;
    @FXML private Button learnButton;
    @FXML private Label changeLabel;
    @FXML private Label pairWarning;
    @FXML private CheckBox refineCheck;
    @FXML private Spinner<Integer> refineStepsSpinner;
    @FXML private Slider strengthSlider;
    @FXML private TextField strengthField;
    @FXML private Label actionHelp;
    @FXML private Spinner<Integer> jpegQualitySpinner;
    @FXML private Label jpegQualityLabel;
    @FXML private Button exportAllButton;
    @FXML private MenuItem exportAllItem;
    @FXML private Spinner<Integer> stepsSpinner;
    @FXML private TextField seedField;
    @FXML private Label stepsLabel;
    @FXML private Label seedLabel;
    @FXML private Label guidanceLabel;
    @FXML private Spinner<Double> guidanceSpinner;
    @FXML private NotificationPane notificationPane;
    @FXML private javafx.scene.control.RadioMenuItem splitItem;
    @FXML private javafx.scene.control.RadioMenuItem sideItem;
    @FXML private javafx.scene.control.RadioMenuItem toggleItem;
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
        this.session = viewModel.session();
        this.status = viewModel.status();
        this.pair = viewModel.pair();
        this.photos = viewModel.filmstrip();
        this.preview = viewModel.preview();
        this.library = viewModel.library();
        this.exporter = viewModel.export();
    }

    @FXML
    private void initialize() {
        fitSidePanelsToTheWindow();
        bindHeader();
        bindExample();
        bindStrengthAndAdvanced();
        bindCompareAndFilmstrip();
        bindLibrary();
        bindStatus();
    }

    // ---------------------------------------------------------------- binding

    /**
     * The side panels give up width on a small window (1024 px) so the viewer keeps room for its toolbar and
     * a useful picture; on a large one they stay at their natural width.
     */
    private void fitSidePanelsToTheWindow() {
        sidePanel.prefWidthProperty().bind(Bindings.createDoubleBinding(
                () -> Math.clamp(root.getWidth() * 0.22, 236, 300), root.widthProperty()));
        libraryPanel.prefWidthProperty().bind(Bindings.createDoubleBinding(
                () -> Math.clamp(root.getWidth() * 0.19, 206, 280), root.widthProperty()));
    }

    private void bindHeader() {
        modelLabel.textProperty().bind(Bindings.createStringBinding(() -> switch (session.stateProperty().get()) {
            case NOT_LOADED -> Texts.text("header.noModel");
            case LOADING -> Texts.text("header.loading");
            case FAILED -> Texts.text("header.failed");
            case READY -> Texts.format("header.model", session.modelProperty().get().name());
        }, session.stateProperty(), session.modelProperty()));
        saveButton.disableProperty().bind(library.canSaveBinding().not());
        saveItem.disableProperty().bind(library.canSaveBinding().not());
        exportButton.disableProperty().bind(exporter.canExportBinding().not());
        exportItem.disableProperty().bind(exporter.canExportBinding().not());
        exportAllButton.disableProperty().bind(exporter.canExportAllBinding().not());
        exportAllItem.disableProperty().bind(exporter.canExportAllBinding().not());
        boolean batchAvailable = batchAction != null;
        batchButton.setVisible(batchAvailable);
        batchButton.setManaged(batchAvailable);
        batchItem.setVisible(batchAvailable);
    }

    private void bindExample() {
        bindZone(beforeZone, pair.before(), files -> {
            pair.loadBefore(files.getFirst());
            if (files.size() >= 2) { // a before/after pair dropped together
                pair.loadAfter(files.get(1));
            }
        });
        bindZone(afterZone, pair.after(), files -> pair.loadAfter(files.getFirst()));
        pairWarning.textProperty().bind(pair.warningProperty());
        pairWarning.visibleProperty().bind(pair.warningProperty().isNotEmpty());
        pairWarning.managedProperty().bind(pairWarning.visibleProperty());
        learnButton.disableProperty().bind(pair.canLearnBinding().not());
        learnItem.disableProperty().bind(pair.canLearnBinding().not());
        changeLabel.textProperty().bind(Bindings.createStringBinding(() -> {
            LearnedChange change = preview.changeProperty().get();
            if (change == null) {
                return Texts.text("pair.noChange");
            }
            return change.learnMillis() > 0
                    ? Texts.format("pair.changeLearned", change.name(), Durations.describe(change.learnMillis()))
                    : Texts.format("pair.changeLoaded", change.name());
        }, preview.changeProperty()));
        preview.changeProperty().addListener((obs, old, now) ->
                changeLabel.pseudoClassStateChanged(NO_CHANGE, now == null));
        changeLabel.pseudoClassStateChanged(NO_CHANGE, preview.changeProperty().get() == null);
        // Always there (the panel must not jump when the "learned in …" line arrives): one line when idle.
        changeLabel.minHeightProperty().bind(Bindings.when(preview.changeProperty().isNull()).then(-1.0)
                .otherwise(Region.USE_PREF_SIZE));
    }

    private void bindZone(DropZone zone, ImageSlot slot, java.util.function.Consumer<List<Path>> load) {
        zone.imageProperty().bind(slot.thumbnailProperty());
        zone.errorProperty().bind(slot.errorProperty());
        zone.loadingProperty().bind(slot.loadingProperty());
        zone.setOnFiles(load);
        zone.setOnBrowse(() -> chooseImage(Texts.text("slot." + slot.key() + ".choose"))
                .ifPresent(file -> load.accept(List.of(file))));
    }

    private void bindStrengthAndAdvanced() {
        strengthSlider.setMin(PreviewViewModel.MIN_STRENGTH);
        strengthSlider.setMax(PreviewViewModel.MAX_STRENGTH);
        bindStrength();
        actionHelp.setText(Texts.text("strength.action")); // one text always: the panel must not jump
        SpinnerValueFactory.IntegerSpinnerValueFactory qualityFactory =
                new SpinnerValueFactory.IntegerSpinnerValueFactory(1, 100, exporter.jpegQualityProperty().get());
        jpegQualitySpinner.setValueFactory(qualityFactory);
        jpegQualityObject = exporter.jpegQualityProperty().asObject();
        qualityFactory.valueProperty().bindBidirectional(jpegQualityObject);
        Tooltip quality = new Tooltip(Texts.text("advanced.jpegQualityTooltip"));
        jpegQualitySpinner.setTooltip(quality);
        jpegQualityLabel.setTooltip(quality);
        applyItem.disableProperty().bind(preview.canApplyBinding().not());

        SpinnerValueFactory.IntegerSpinnerValueFactory stepsFactory =
                new SpinnerValueFactory.IntegerSpinnerValueFactory(1, 500, preview.stepsProperty().get());
        stepsSpinner.setValueFactory(stepsFactory);
        stepsObject = preview.stepsProperty().asObject();
        stepsFactory.valueProperty().bindBidirectional(stepsObject);

        refineCheck.selectedProperty().bindBidirectional(pair.refineProperty());
        refineCheck.setTooltip(new Tooltip(Texts.text("advanced.refineTooltip")));
        explain(stepsSpinner, stepsLabel, "advanced.stepsTooltip");
        explain(seedField, seedLabel, "advanced.seedTooltip");
        explain(guidanceSpinner, guidanceLabel, "advanced.guidanceTooltip");
        SpinnerValueFactory.IntegerSpinnerValueFactory refineFactory =
                new SpinnerValueFactory.IntegerSpinnerValueFactory(
                10, EngineSession.MAX_REFINE_STEPS, pair.refineStepsProperty().get(), 10);
        refineStepsSpinner.setValueFactory(refineFactory);
        refineStepsObject = pair.refineStepsProperty().asObject();
        refineFactory.valueProperty().bindBidirectional(refineStepsObject);
        refineStepsSpinner.disableProperty().bind(pair.refineProperty().not());

        SpinnerValueFactory.DoubleSpinnerValueFactory guidanceFactory =
                new SpinnerValueFactory.DoubleSpinnerValueFactory(1.0, 20.0, preview.guidanceProperty().get(), 0.1);
        guidanceSpinner.setValueFactory(guidanceFactory);
        guidanceObject = preview.guidanceProperty().asObject();
        guidanceFactory.valueProperty().bindBidirectional(guidanceObject);

        TextFormatter<Long> seedFormatter = new TextFormatter<>(new LongStringConverter(), preview.seedProperty().get(),
                change -> change.getControlNewText().matches("-?\\d{0,18}") ? change : null);
        seedField.setTextFormatter(seedFormatter);
        preview.seedProperty().addListener((obs, old, now) -> seedFormatter.setValue(now.longValue()));
        seedFormatter.valueProperty().addListener((obs, old, now) -> {
            if (now != null) {
                preview.seedProperty().set(now);
            }
        });
    }

    /**
     * The slider and the number beside it both set the strength: the slider snaps onto −1, 0, 1 and 2 and moves
     * in hundredths, the number can be typed (Enter or leaving the field sets it), and a double-click on the
     * slider puts it back to 1, the change as learned.
     */
    private void bindStrength() {
        strengthSlider.setValue(preview.strengthProperty().get());
        strengthField.setText(formatStrength(preview.strengthProperty().get()));
        strengthSlider.valueProperty().addListener((obs, old, now) -> {
            double snapped = PreviewViewModel.snapStrength(now.doubleValue());
            if (preview.strengthProperty().get() != snapped) {
                preview.strengthProperty().set(snapped);
            } else if (now.doubleValue() != snapped && !strengthSlider.isValueChanging()) {
                strengthSlider.setValue(snapped);
            }
        });
        strengthSlider.valueChangingProperty().addListener((obs, was, changing) -> {
            if (!changing) {
                strengthSlider.setValue(preview.strengthProperty().get());
            }
        });
        preview.strengthProperty().addListener((obs, old, now) -> {
            if (!strengthSlider.isValueChanging() && strengthSlider.getValue() != now.doubleValue()) {
                strengthSlider.setValue(now.doubleValue());
            }
            strengthField.setText(formatStrength(now.doubleValue()));
        });
        strengthSlider.setOnMouseClicked(e -> {
            if (e.getClickCount() == 2) {
                preview.strengthProperty().set(PreviewViewModel.DEFAULT_STRENGTH);
            }
        });
        strengthField.setOnAction(e -> commitTypedStrength());
        strengthField.focusedProperty().addListener((obs, was, focused) -> {
            if (!focused) {
                commitTypedStrength();
            }
        });
        strengthField.setTooltip(new Tooltip(Texts.text("strength.fieldTooltip")));
        strengthSlider.setTooltip(new Tooltip(Texts.text("strength.sliderTooltip")));
    }

    /** One tooltip for a setting and its label, so pointing at either explains it. */
    private static void explain(javafx.scene.control.Control control, Label label, String key) {
        Tooltip tooltip = new Tooltip(Texts.text(key));
        tooltip.setWrapText(true);
        tooltip.setMaxWidth(360);
        control.setTooltip(tooltip);
        label.setTooltip(tooltip);
    }

    private void commitTypedStrength() {
        String typed = strengthField.getText().strip().replace(',', '.').replace('−', '-');
        try {
            preview.strengthProperty().set(PreviewViewModel.snapStrength(Double.parseDouble(typed)));
        } catch (NumberFormatException notANumber) {
            // keep the strength; show it again instead of the typo
        }
        strengthField.setText(formatStrength(preview.strengthProperty().get()));
    }

    private static String formatStrength(double strength) {
        return String.format(Locale.ROOT, "%.2f", strength);
    }

    private void bindCompareAndFilmstrip() {
        compareView.originalProperty().bind(preview.originalImageProperty());
        compareView.editedProperty().bind(preview.resultImageProperty());
        setMode(compareView.modeProperty().get());
        splitToggle.setOnAction(e -> setMode(CompareMode.SPLIT));
        sideToggle.setOnAction(e -> setMode(CompareMode.SIDE_BY_SIDE));
        toggleToggle.setOnAction(e -> setMode(CompareMode.TOGGLE));
        zoomLabel.visibleProperty().bind(compareView.originalProperty().isNotNull());
        zoomLabel.textProperty().bind(Bindings.createStringBinding(
                () -> Texts.format("view.zoom", compareView.scaleProperty().get() * 100),
                compareView.scaleProperty()));
        acceptQueryDrops(compareView);
        acceptQueryDrops(filmstrip);

        filmstrip.setItems(photos.queries());
        filmstrip.setCellFactory(list -> new QueryCell(preview.changeProperty().isNotNull()));
        filmstrip.setPlaceholder(new Label(Texts.text("filmstrip.placeholder")));
        filmstrip.getSelectionModel().selectedItemProperty().addListener((obs, old, now) -> {
            if (now != null) {
                photos.selectedProperty().set(now);
            }
        });
        photos.selectedProperty().addListener((obs, old, now) -> filmstrip.getSelectionModel().select(now));
        removeQueryButton.disableProperty().bind(photos.selectedProperty().isNull());
    }

    private void bindLibrary() {
        libraryList.setItems(library.items());
        libraryList.setCellFactory(list -> {
            LibraryCell cell = new LibraryCell();
            cell.setOnMouseClicked(e -> {
                if (!cell.isEmpty() && e.getButton() == javafx.scene.input.MouseButton.PRIMARY) {
                    library.load(cell.getItem().file());
                }
            });
            MenuItem rename = new MenuItem(Texts.text("library.rename"));
            rename.setOnAction(e -> renameSaved(cell.getItem()));
            MenuItem delete = new MenuItem(Texts.text("library.delete"));
            delete.setOnAction(e -> deleteSaved(cell.getItem()));
            MenuItem exportLook = new MenuItem(Texts.text("library.exportLut"));
            exportLook.setOnAction(e -> exportLook(cell.getItem()));
            cell.emptyProperty().addListener((obs, was, empty) -> cell.setContextMenu(empty ? null
                    : new javafx.scene.control.ContextMenu(rename, exportLook, delete)));
            return cell;
        });
        Label empty = new Label(Texts.text("library.placeholder"));
        empty.setWrapText(true);
        empty.setPadding(new javafx.geometry.Insets(0, 8, 0, 8));
        libraryList.setPlaceholder(empty);
        libraryList.setOnKeyPressed(e -> {
            LibraryItem item = libraryList.getSelectionModel().getSelectedItem();
            if (item == null) {
                return;
            }
            switch (e.getCode()) {
                case ENTER -> library.load(item.file());
                case F2 -> renameSaved(item);
                case DELETE, BACK_SPACE -> deleteSaved(item);
                default -> { }
            }
        });
        // The highlighted entry is the change on screen, or none when that is not (yet) in the library.
        library.currentFileProperty().addListener((obs, old, now) -> highlightCurrentChange());
        // After the list view has taken in the new items (it resets its selection when they are replaced).
        libraryList.getItems().addListener((javafx.collections.ListChangeListener<LibraryItem>) c ->
                Platform.runLater(this::highlightCurrentChange));
        libraryFolderLabel.textProperty().bind(Bindings.createStringBinding(
                () -> shortPath(library.folderProperty().get()), library.folderProperty()));
    }

    private void highlightCurrentChange() {
        Path current = library.currentFileProperty().get();
        library.items().stream().filter(item -> item.file().equals(current)).findFirst().ifPresentOrElse(
                item -> libraryList.getSelectionModel().select(item),
                () -> libraryList.getSelectionModel().clearSelection());
    }

    void renameSaved(LibraryItem item) {
        if (item == null) {
            return;
        }
        TextInputDialog dialog = new TextInputDialog(item.name());
        dialog.initOwner(window());
        dialog.setTitle(Texts.text("library.renameTitle"));
        dialog.setHeaderText(Texts.format("library.renameHeader", item.name()));
        dialog.setContentText(Texts.text("save.name"));
        dialog.getDialogPane().lookupButton(ButtonType.OK).disableProperty()
                .bind(dialog.getEditor().textProperty().isEmpty());
        Optional<String> name = dialog.showAndWait().map(String::strip).filter(s -> !s.isEmpty());
        if (name.isEmpty() || name.get().equals(item.name())) {
            return;
        }
        if (Files.exists(library.changeFileFor(name.get())) && !confirm(Texts.text("save.replaceHeader"),
                Texts.format("save.replaceText", name.get()))) {
            return;
        }
        library.rename(item, name.get());
    }

    /** Writes the saved change's colour table as a .cube or HaldCLUT for other tools, and says what it holds. */
    void exportLook(LibraryItem item) {
        if (item == null) {
            return;
        }
        FileChooser chooser = new FileChooser();
        chooser.setTitle(Texts.format("library.exportLutTitle", item.name()));
        chooser.getExtensionFilters().addAll(
                new FileChooser.ExtensionFilter(Texts.text("library.exportLutCube"), "*.cube"),
                new FileChooser.ExtensionFilter(Texts.text("library.exportLutHald"), "*.png"));
        chooser.setInitialFileName(item.name().replaceAll("[\\\\/:*?\"<>|]", "_") + ".cube");
        java.io.File chosen = chooser.showSaveDialog(window());
        if (chosen == null) {
            return;
        }
        Path target = chosen.toPath();
        if (!LutImport.isHaldClut(target) && !target.getFileName().toString().toLowerCase(java.util.Locale.ROOT)
                .endsWith(".cube")) {
            target = target.resolveSibling(target.getFileName() + (chooser.getSelectedExtensionFilter() != null
                    && chooser.getSelectedExtensionFilter().getExtensions().contains("*.png") ? ".png" : ".cube"));
        }
        try {
            TablePart part = LookExport.write(item.file(), target);
            status.say(Texts.format("library.lutExported", target.getFileName(), part.summary()));
        } catch (LutFileException | java.io.IOException e) {
            new Alert(Alert.AlertType.WARNING, e.getMessage(), ButtonType.OK).showAndWait();
        }
    }

    void deleteSaved(LibraryItem item) {
        if (item != null && confirm(Texts.format("library.deleteHeader", item.name()),
                Texts.text("library.deleteText"))) {
            library.delete(item);
        }
    }

    /**
     * Asked when the window is about to close: true to close. A learned change not in the library is offered for
     * saving first; after "Save…" the window closes once the change is saved.
     */
    boolean confirmClose() {
        LearnedChange change = preview.changeProperty().get();
        if (!library.unsavedBinding().get() || change == null) {
            return true;
        }
        ButtonType save = new ButtonType(Texts.text("quit.save"), javafx.scene.control.ButtonBar.ButtonData.YES);
        ButtonType discard = new ButtonType(Texts.text("quit.discard"),
                javafx.scene.control.ButtonBar.ButtonData.NO);
        Alert alert = new Alert(Alert.AlertType.CONFIRMATION, Texts.text("quit.unsavedText"), save, discard,
                ButtonType.CANCEL);
        alert.initOwner(window());
        alert.setTitle(MainWindow.title());
        alert.setHeaderText(Texts.format("quit.unsavedHeader", change.name()));
        ButtonType answer = alert.showAndWait().orElse(ButtonType.CANCEL);
        if (answer == discard) {
            return true;
        }
        if (answer == save) {
            library.currentFileProperty().addListener(new javafx.beans.value.ChangeListener<>() {
                @Override
                public void changed(javafx.beans.value.ObservableValue<? extends Path> obs, Path old, Path now) {
                    library.currentFileProperty().removeListener(this);
                    if (now != null && window() instanceof javafx.stage.Stage stage) {
                        stage.close();
                    }
                }
            });
            saveChange();
        }
        return false;
    }

    private void bindStatus() {
        statusLabel.textProperty().bind(status.statusProperty());
        taskLabel.textProperty().bind(status.taskMessageProperty());
        progressBar.progressProperty().bind(status.progressProperty());
        progressBar.visibleProperty().bind(status.busyProperty());
        cancelButton.visibleProperty().bind(status.busyProperty());
        cancelItem.disableProperty().bind(status.busyProperty().not());
        notificationPane.getStyleClass().add(NotificationPane.STYLE_CLASS_DARK);
        noticeTimer.setOnFinished(e -> notificationPane.hide());
        status.noticeProperty().addListener((obs, old, notice) -> {
            if (notice != null) {
                showNotice(notice);
            } else {
                noticeTimer.stop();
                notificationPane.hide();
            }
        });
    }

    /**
     * Information fades after a few seconds; an error stays longer (it needs reading), and goes when closed, when
     * the next task starts, or after half a minute.
     */
    private void showNotice(Notice notice) {
        notificationPane.getStyleClass().remove("info");
        if (!notice.error()) {
            notificationPane.getStyleClass().add("info");
        }
        Label text = new Label(notice.text());
        text.setWrapText(true);
        text.getStyleClass().add("notice-text");
        notificationPane.show("", text);
        noticeTimer.setDuration(javafx.util.Duration.seconds(notice.error() ? ERROR_SECONDS : INFO_SECONDS));
        noticeTimer.playFromStart();
    }

    // ---------------------------------------------------------------- actions (FXML)

    @FXML
    void openQueries() {
        FileChooser chooser = imageChooser(Texts.text("chooser.queries"), GuiSettings.Folder.QUERY);
        List<File> chosen = chooser.showOpenMultipleDialog(window());
        if (chosen != null && !chosen.isEmpty()) {
            photos.add(chosen.stream().map(File::toPath).toList());
        }
    }

    @FXML
    void chooseBefore() {
        chooseImage(Texts.text("slot.before.choose")).ifPresent(pair::loadBefore);
    }

    @FXML
    void chooseAfter() {
        chooseImage(Texts.text("slot.after.choose")).ifPresent(pair::loadAfter);
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
                showNotice(Texts.format("paste.failed", FailureMessages.describe(e)));
                return;
            }
        } else {
            showNotice(Texts.text("paste.noImage"));
            return;
        }
        Node focused = root.getScene() == null ? null : root.getScene().getFocusOwner();
        if (focused == beforeZone) {
            beforeZone.acceptFiles(files);
        } else if (focused == afterZone) {
            afterZone.acceptFiles(files);
        } else {
            photos.add(files);
        }
    }

    /** Learns, after a warning the user must answer when the pair does not look like one photo. */
    @FXML
    void learn() {
        if (!pair.canLearnBinding().get()) {
            return;
        }
        if (pair.needsConfirmation()) {
            ButtonType anyway = new ButtonType(Texts.text("pair.check.learnAnyway"), ButtonBar.ButtonData.OK_DONE);
            Alert alert = new Alert(Alert.AlertType.WARNING, pair.warningWithAdvice(), ButtonType.CANCEL, anyway);
            alert.initOwner(window());
            alert.setTitle(MainWindow.title());
            alert.setHeaderText(Texts.text("pair.check.confirmHeader"));
            ((Button) alert.getDialogPane().lookupButton(ButtonType.CANCEL)).setDefaultButton(true);
            ((Button) alert.getDialogPane().lookupButton(anyway)).setDefaultButton(false);
            if (alert.showAndWait().filter(anyway::equals).isEmpty()) {
                return;
            }
        }
        pair.learn();
    }

    @FXML
    void apply() {
        preview.apply();
    }

    @FXML
    void cancel() {
        viewModel.cancel();
    }

    @FXML
    void resetAdvanced() {
        preview.resetAdvanced();
    }

    @FXML
    void removeQuery() {
        QueryItem selected = photos.selectedProperty().get();
        if (selected != null) {
            photos.remove(selected);
        }
    }

    /** Asks for a name, warns before replacing a saved change of the same name, then saves into the library. */
    @FXML
    void saveChange() {
        LearnedChange change = preview.changeProperty().get();
        if (change == null || !library.canSaveBinding().get()) {
            return;
        }
        TextInputDialog dialog = new TextInputDialog(change.name());
        dialog.initOwner(window());
        dialog.setOnShown(e -> dialog.getEditor().selectAll()); // typing replaces "Untitled change"
        dialog.setTitle(Texts.text("save.title"));
        dialog.setHeaderText(Texts.text("save.header"));
        dialog.setContentText(Texts.text("save.name"));
        dialog.getDialogPane().lookupButton(ButtonType.OK).disableProperty()
                .bind(dialog.getEditor().textProperty().isEmpty());
        Optional<String> name = dialog.showAndWait().map(String::strip).filter(s -> !s.isEmpty());
        if (name.isEmpty()) {
            return;
        }
        Path file = library.changeFileFor(name.get());
        if (Files.exists(file) && !confirm(Texts.text("save.replaceHeader"),
                Texts.format("save.replaceText", name.get()))) {
            return;
        }
        library.save(name.get(), file);
    }

    /** Chooses where to export; the original photo is never overwritten without an explicit yes. */
    @FXML
    void export() {
        if (!exporter.canExportBinding().get()) {
            return;
        }
        FileChooser chooser = new FileChooser();
        chooser.setTitle(Texts.text("chooser.export"));
        ExportFormat suggested = exporter.suggestedFormat();
        for (ExportFormat format : ExportFormat.values()) {
            var filter = new FileChooser.ExtensionFilter(format.description(), format.patterns());
            chooser.getExtensionFilters().add(filter);
            if (format == suggested) {
                chooser.setSelectedExtensionFilter(filter);
            }
        }
        chooser.setInitialFileName(exporter.suggestedName(suggested));
        chooser.setInitialDirectory(exporter.suggestedFolder().toFile());
        File chosen = chooser.showSaveDialog(window());
        if (chosen == null) {
            return;
        }
        exportTo(chosen.toPath());
    }

    /** The export step after the file is chosen (also used by tests that cannot drive a native file chooser). */
    void exportTo(Path target) {
        boolean original = exporter.isOriginalOfSelected(target);
        if (original && !confirm(Texts.text("export.overwriteHeader"),
                Texts.format("export.overwriteText", target.getFileName()))) {
            return;
        }
        exporter.export(target, original);
    }

    /** Asks for a folder, then writes every photo of the strip, edited, into it in the suggested format. */
    @FXML
    void exportAll() {
        if (!exporter.canExportAllBinding().get()) {
            return;
        }
        DirectoryChooser chooser = new DirectoryChooser();
        chooser.setTitle(Texts.text("chooser.exportAll"));
        chooser.setInitialDirectory(exporter.suggestedFolder().toFile());
        File chosen = chooser.showDialog(window());
        if (chosen != null) {
            exporter.exportAll(chosen.toPath(), exporter.suggestedFormat());
        }
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
        if (window instanceof javafx.stage.Stage stage) {
            if (confirmClose()) {
                stage.close();
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
        chooser.setTitle(Texts.text("chooser.library"));
        Path current = library.folderProperty().get();
        if (current != null && Files.isDirectory(current)) {
            chooser.setInitialDirectory(current.toFile());
        }
        File chosen = chooser.showDialog(window());
        if (chosen != null) {
            library.setFolder(chosen.toPath());
        }
    }

    @FXML
    void refreshLibrary() {
        library.refresh();
    }

    // ---------------------------------------------------------------- helpers

    private void showNotice(String text) {
        showNotice(new Notice(text, true));
    }

    /** Sets the compare mode; the toolbar and the View menu both show which one is on. */
    private void setMode(CompareMode mode) {
        compareView.modeProperty().set(mode);
        splitToggle.setSelected(mode == CompareMode.SPLIT);
        sideToggle.setSelected(mode == CompareMode.SIDE_BY_SIDE);
        toggleToggle.setSelected(mode == CompareMode.TOGGLE);
        splitItem.setSelected(mode == CompareMode.SPLIT);
        sideItem.setSelected(mode == CompareMode.SIDE_BY_SIDE);
        toggleItem.setSelected(mode == CompareMode.TOGGLE);
    }

    /**
     * The backslash key, as in Lightroom: shows the original in place of the edit, and the edit again on the next
     * press (switching to the toggle view first when another view is on).
     */
    @FXML
    void flipBeforeAfter() {
        if (compareView.modeProperty().get() != CompareMode.TOGGLE) {
            setMode(CompareMode.TOGGLE);
            compareView.showingOriginalProperty().set(true);
        } else {
            compareView.showingOriginalProperty().set(!compareView.showingOriginalProperty().get());
        }
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
                photos.add(e.getDragboard().getFiles().stream().map(File::toPath).toList());
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
        chooser.getExtensionFilters().addAll(
                new FileChooser.ExtensionFilter(Texts.text("chooser.images"), IMAGE_PATTERNS),
                new FileChooser.ExtensionFilter(Texts.text("chooser.allFiles"), "*.*"));
        // Always a real folder to start in: without one the GTK chooser opens on "Recent".
        chooser.setInitialDirectory(viewModel.settings().lastFolder(folder)
                .orElseGet(ExportViewModel::picturesFolder).toFile());
        return chooser;
    }

    private boolean confirm(String header, String text) {
        Alert alert = new Alert(Alert.AlertType.CONFIRMATION, text, ButtonType.CANCEL, ButtonType.OK);
        alert.initOwner(window());
        alert.setTitle(MainWindow.title());
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
