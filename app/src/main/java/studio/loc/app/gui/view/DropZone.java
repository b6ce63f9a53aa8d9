package studio.loc.app.gui.view;

import java.io.File;
import java.nio.file.Path;
import java.util.List;
import java.util.function.Consumer;
import javafx.beans.property.BooleanProperty;
import javafx.beans.property.ObjectProperty;
import javafx.beans.property.SimpleBooleanProperty;
import javafx.beans.property.SimpleObjectProperty;
import javafx.beans.property.SimpleStringProperty;
import javafx.beans.property.StringProperty;
import javafx.geometry.Pos;
import javafx.scene.control.Label;
import javafx.scene.control.ProgressIndicator;
import javafx.scene.control.Tooltip;
import javafx.scene.image.Image;
import javafx.scene.image.ImageView;
import javafx.scene.input.DragEvent;
import javafx.scene.input.KeyCode;
import javafx.scene.input.KeyEvent;
import javafx.scene.input.MouseButton;
import javafx.scene.input.TransferMode;
import javafx.scene.layout.StackPane;
import javafx.scene.layout.VBox;
import studio.loc.app.messages.Texts;

/**
 * A place to drop one picture file: shows its thumbnail, a hint when empty, a spinner while it is read and the
 * reason when a file was refused. Clicking (or Enter/Space) asks for a file; the owner decides what a file means.
 */
public final class DropZone extends StackPane {

    private final StringProperty title = new SimpleStringProperty(this, "title", "");
    private final StringProperty hint = new SimpleStringProperty(this, "hint", Texts.text("drop.hint"));
    private final ObjectProperty<Image> image = new SimpleObjectProperty<>(this, "image");
    private final StringProperty error = new SimpleStringProperty(this, "error");
    private final BooleanProperty loading = new SimpleBooleanProperty(this, "loading");
    private Consumer<List<Path>> onFiles = files -> { };
    private Runnable onBrowse = () -> { };

    public DropZone() {
        getStyleClass().add("drop-zone");
        setFocusTraversable(true);
        setMinSize(120, 84);

        ImageView view = new ImageView();
        view.setPreserveRatio(true);
        view.setSmooth(true);
        view.imageProperty().bind(image);
        view.fitWidthProperty().bind(widthProperty().subtract(16));
        view.fitHeightProperty().bind(heightProperty().subtract(16));

        Label placeholder = new Label();
        placeholder.getStyleClass().add("drop-hint");
        placeholder.textProperty().bind(hint);
        placeholder.visibleProperty().bind(image.isNull().and(loading.not()));
        placeholder.setWrapText(true);

        Label badge = new Label();
        badge.getStyleClass().add("drop-title");
        badge.textProperty().bind(title);
        StackPane.setAlignment(badge, Pos.TOP_LEFT);

        Label problem = new Label();
        problem.getStyleClass().add("drop-error");
        problem.setWrapText(true);
        problem.textProperty().bind(error);
        problem.visibleProperty().bind(error.isNotNull().and(error.isNotEmpty()));
        problem.managedProperty().bind(problem.visibleProperty());
        problem.setMaxWidth(Double.MAX_VALUE);
        VBox problemBox = new VBox(problem);
        problemBox.setAlignment(Pos.BOTTOM_CENTER);
        problemBox.setPickOnBounds(false);
        problemBox.setMouseTransparent(true);

        ProgressIndicator spinner = new ProgressIndicator();
        spinner.setMaxSize(36, 36);
        spinner.visibleProperty().bind(loading);

        getChildren().addAll(view, placeholder, spinner, badge, problemBox);

        error.addListener((obs, old, now) -> pseudoClassStateChanged(Styles.ERROR, now != null && !now.isEmpty()));
        setOnDragOver(this::dragOver);
        setOnDragExited(e -> pseudoClassStateChanged(Styles.DRAG_OVER, false));
        setOnDragDropped(this::dragDropped);
        setOnMouseClicked(e -> {
            if (e.getButton() == MouseButton.PRIMARY) {
                requestFocus();
                onBrowse.run();
            }
        });
        addEventHandler(KeyEvent.KEY_PRESSED, e -> {
            if (e.getCode() == KeyCode.ENTER || e.getCode() == KeyCode.SPACE) {
                onBrowse.run();
                e.consume();
            }
        });
        Tooltip.install(this, new Tooltip(Texts.text("drop.tooltip")));
    }

    private void dragOver(DragEvent event) {
        if (event.getGestureSource() != this && event.getDragboard().hasFiles()) {
            event.acceptTransferModes(TransferMode.COPY);
            pseudoClassStateChanged(Styles.DRAG_OVER, true);
        }
        event.consume();
    }

    private void dragDropped(DragEvent event) {
        boolean done = false;
        if (event.getDragboard().hasFiles()) {
            List<Path> files = event.getDragboard().getFiles().stream().map(File::toPath).toList();
            onFiles.accept(files);
            done = true;
        }
        pseudoClassStateChanged(Styles.DRAG_OVER, false);
        event.setDropCompleted(done);
        event.consume();
    }

    /** What to do with files dropped here (the same code path a file chooser or paste uses). */
    public void setOnFiles(Consumer<List<Path>> handler) {
        this.onFiles = handler;
    }

    /** Called on click: typically opens a file chooser and passes its choice to the same handler. */
    public void setOnBrowse(Runnable handler) {
        this.onBrowse = handler;
    }

    /** Hands files to the zone exactly as a drop would. */
    public void acceptFiles(List<Path> files) {
        onFiles.accept(files);
    }

    public StringProperty titleProperty() {
        return title;
    }

    public String getTitle() {
        return title.get();
    }

    public void setTitle(String value) {
        title.set(value);
    }

    public StringProperty hintProperty() {
        return hint;
    }

    public String getHint() {
        return hint.get();
    }

    public void setHint(String value) {
        hint.set(value);
    }

    public ObjectProperty<Image> imageProperty() {
        return image;
    }

    public StringProperty errorProperty() {
        return error;
    }

    public BooleanProperty loadingProperty() {
        return loading;
    }
}
