package studio.loc.app.gui.view;

import javafx.beans.property.BooleanProperty;
import javafx.beans.property.DoubleProperty;
import javafx.beans.property.ObjectProperty;
import javafx.beans.property.ReadOnlyDoubleProperty;
import javafx.beans.property.ReadOnlyDoubleWrapper;
import javafx.beans.property.SimpleBooleanProperty;
import javafx.beans.property.SimpleDoubleProperty;
import javafx.beans.property.SimpleObjectProperty;
import javafx.geometry.VPos;
import javafx.scene.canvas.Canvas;
import javafx.scene.canvas.GraphicsContext;
import javafx.scene.control.Label;
import javafx.scene.image.Image;
import javafx.scene.input.KeyCode;
import javafx.scene.input.MouseEvent;
import javafx.scene.input.ScrollEvent;
import javafx.scene.layout.Region;
import javafx.scene.paint.Color;
import javafx.scene.text.Font;
import javafx.scene.text.FontWeight;
import javafx.scene.text.TextAlignment;
import studio.loc.app.messages.Texts;

/**
 * Original and edit, compared at full resolution: a draggable split, side by side, or toggled. The wheel zooms
 * around the pointer, dragging pans, and both pictures always share one zoom and position.
 */
public final class CompareView extends Region {

    private static final double MIN_SCALE = 0.02;
    private static final double MAX_SCALE = 32;
    private static final double GAP = 6;
    private static final double HANDLE_GRAB = 10;
    private static final Color BACKGROUND = Color.web("#17181b");
    private static final Color DIVIDER = Color.web("#f2f3f5");
    private static final Color LABEL_BACK = Color.web("#000000", 0.55);

    private final Canvas canvas = new Canvas();
    private final Label placeholder = new Label(Texts.text("compare.placeholder"));
    private final ObjectProperty<Image> original = new SimpleObjectProperty<>(this, "original");
    private final ObjectProperty<Image> edited = new SimpleObjectProperty<>(this, "edited");
    private final ObjectProperty<CompareMode> mode = new SimpleObjectProperty<>(this, "mode", CompareMode.SPLIT);
    private final DoubleProperty split = new SimpleDoubleProperty(this, "split", 0.5);
    private final BooleanProperty showingOriginal = new SimpleBooleanProperty(this, "showingOriginal");
    private final ReadOnlyDoubleWrapper scale = new ReadOnlyDoubleWrapper(this, "scale", 1);

    private double offsetX;
    private double offsetY;
    private boolean fitting = true;
    private double lastX;
    private double lastY;
    private boolean draggingSplit;
    private boolean dragged;

    public CompareView() {
        getStyleClass().add("compare-view");
        setFocusTraversable(true);
        placeholder.getStyleClass().add("compare-placeholder");
        placeholder.setWrapText(true);
        placeholder.visibleProperty().bind(original.isNull());
        getChildren().addAll(canvas, placeholder);

        original.addListener((obs, old, now) -> {
            if (old == null || now == null || old.getWidth() != now.getWidth() || old.getHeight() != now.getHeight()) {
                fit(); // now, not at the next layout, so the zoom read-out is right at once
            }
            requestLayout();
            redraw();
        });
        edited.addListener((obs, old, now) -> {
            if (fitting) {
                fit();
            }
            redraw();
        });
        mode.addListener((obs, old, now) -> {
            if (fitting) {
                fit();
            }
            redraw();
        });
        split.addListener((obs, old, now) -> redraw());
        showingOriginal.addListener((obs, old, now) -> redraw());

        setOnScroll(this::scrolled);
        setOnMousePressed(this::pressed);
        setOnMouseDragged(this::dragged);
        setOnMouseReleased(this::released);
        setOnMouseMoved(e -> setCursor(nearDivider(e.getX()) ? javafx.scene.Cursor.H_RESIZE : javafx.scene.Cursor.DEFAULT));
        setOnKeyPressed(e -> {
            if (e.getCode() == KeyCode.SPACE && mode.get() == CompareMode.TOGGLE) {
                showingOriginal.set(!showingOriginal.get());
                e.consume();
            }
        });
    }

    // ---------------------------------------------------------------- commands

    /**
     * Shows the whole picture, as large as fits but never above 100 %: a small photo is not blown up into blocky
     * pixels (as in Lightroom and darktable; zoom in on purpose to see pixels).
     */
    public void fit() {
        fitting = true;
        Image image = original.get();
        if (image == null) {
            return;
        }
        double panelWidth = panelWidth();
        double height = getHeight();
        if (panelWidth <= 0 || height <= 0) {
            return;
        }
        double newScale = Math.min(1.0, Math.min(panelWidth / image.getWidth(), height / image.getHeight()));
        scale.set(clamp(newScale));
        offsetX = (panelWidth - image.getWidth() * scale.get()) / 2;
        offsetY = (height - image.getHeight() * scale.get()) / 2;
        redraw();
    }

    /** Shows the picture pixel for pixel (100 %), centred. */
    public void actualSize() {
        zoomTo(1.0);
    }

    /** Zooms around the centre of the view. */
    public void zoomTo(double newScale) {
        zoomAround(panelWidth() / 2, getHeight() / 2, newScale / scale.get());
    }

    // ---------------------------------------------------------------- properties

    public ObjectProperty<Image> originalProperty() {
        return original;
    }

    public ObjectProperty<Image> editedProperty() {
        return edited;
    }

    public ObjectProperty<CompareMode> modeProperty() {
        return mode;
    }

    /** Where the divider sits in split mode, as a fraction of the view's width. */
    public DoubleProperty splitProperty() {
        return split;
    }

    /** In toggle mode: true while the original is shown. */
    public BooleanProperty showingOriginalProperty() {
        return showingOriginal;
    }

    /** Screen pixels per image pixel (1 = 100 %). */
    public ReadOnlyDoubleProperty scaleProperty() {
        return scale.getReadOnlyProperty();
    }

    // ---------------------------------------------------------------- layout and drawing

    @Override
    protected void layoutChildren() {
        double width = getWidth();
        double height = getHeight();
        canvas.setWidth(width);
        canvas.setHeight(height);
        placeholder.resizeRelocate(24, 24, Math.max(0, width - 48), Math.max(0, height - 48));
        if (fitting) {
            fit();
        }
        redraw();
    }

    private void redraw() {
        GraphicsContext g = canvas.getGraphicsContext2D();
        double width = canvas.getWidth();
        double height = canvas.getHeight();
        g.setFill(BACKGROUND);
        g.fillRect(0, 0, width, height);
        Image before = original.get();
        if (before == null) {
            return;
        }
        Image after = edited.get();
        g.setImageSmoothing(scale.get() < 1.5);
        if (after == null) {
            drawImage(g, before, 0, width, height);
            label(g, Texts.text("compare.original"), 12, 12, TextAlignment.LEFT);
            return;
        }
        switch (mode.get()) {
            case SPLIT -> {
                double divider = split.get() * width;
                drawImage(g, before, 0, divider, height);
                g.save();
                g.beginPath();
                g.rect(divider, 0, width - divider, height);
                g.closePath();
                g.clip();
                drawImage(g, after, 0, width, height);
                g.restore();
                // The divider runs over the picture only, not through the letterbox around it.
                double top = Math.max(0, offsetY);
                double bottom = Math.min(height, offsetY + before.getHeight() * scale.get());
                double left = offsetX;
                double right = offsetX + before.getWidth() * scale.get();
                if (bottom > top && divider >= left && divider <= right) {
                    g.setStroke(DIVIDER);
                    g.setLineWidth(2);
                    g.strokeLine(divider, top, divider, bottom);
                    g.setFill(DIVIDER);
                    g.fillOval(divider - 9, (top + bottom) / 2 - 9, 18, 18);
                }
                label(g, Texts.text("compare.original"), 12, 12, TextAlignment.LEFT);
                label(g, Texts.text("compare.edited"), width - 12, 12, TextAlignment.RIGHT);
            }
            case SIDE_BY_SIDE -> {
                double panel = panelWidth();
                drawImage(g, before, 0, panel, height);
                drawImage(g, after, panel + GAP, panel, height);
                label(g, Texts.text("compare.original"), 12, 12, TextAlignment.LEFT);
                label(g, Texts.text("compare.edited"), panel + GAP + 12, 12, TextAlignment.LEFT);
            }
            case TOGGLE -> {
                boolean showBefore = showingOriginal.get();
                drawImage(g, showBefore ? before : after, 0, width, height);
                label(g, Texts.text(showBefore ? "compare.toggle.original" : "compare.toggle.edited"),
                        12, 12, TextAlignment.LEFT);
            }
        }
    }

    /** Draws {@code image} (scaled to the original's size) into the panel starting at {@code panelX}. */
    private void drawImage(GraphicsContext g, Image image, double panelX, double panelWidth, double height) {
        Image reference = original.get();
        g.save();
        g.beginPath();
        g.rect(panelX, 0, panelWidth, height);
        g.closePath();
        g.clip();
        g.drawImage(image, panelX + offsetX, offsetY, reference.getWidth() * scale.get(),
                reference.getHeight() * scale.get());
        g.restore();
    }

    private static void label(GraphicsContext g, String text, double x, double y, TextAlignment alignment) {
        g.setFont(Font.font("System", FontWeight.BOLD, 12));
        double width = text.length() * 7.2 + 16;
        double left = alignment == TextAlignment.RIGHT ? x - width : x;
        g.setFill(LABEL_BACK);
        g.fillRoundRect(left, y, width, 24, 12, 12);
        g.setFill(Color.WHITE);
        g.setTextAlign(TextAlignment.CENTER);
        g.setTextBaseline(VPos.CENTER);
        g.fillText(text, left + width / 2, y + 12);
    }

    // ---------------------------------------------------------------- mouse

    private void scrolled(ScrollEvent event) {
        if (original.get() == null) {
            return;
        }
        double x = event.getX();
        if (mode.get() == CompareMode.SIDE_BY_SIDE && x > panelWidth()) {
            x -= panelWidth() + GAP;
        }
        zoomAround(x, event.getY(), Math.pow(1.0025, event.getDeltaY()));
        event.consume();
    }

    private void pressed(MouseEvent event) {
        requestFocus();
        lastX = event.getX();
        lastY = event.getY();
        dragged = false;
        draggingSplit = nearDivider(event.getX());
    }

    private void dragged(MouseEvent event) {
        dragged = true;
        if (draggingSplit) {
            split.set(Math.clamp(event.getX() / Math.max(1, getWidth()), 0.0, 1.0));
        } else if (original.get() != null) {
            fitting = false;
            offsetX += event.getX() - lastX;
            offsetY += event.getY() - lastY;
            redraw();
        }
        lastX = event.getX();
        lastY = event.getY();
    }

    private void released(MouseEvent event) {
        if (!dragged && mode.get() == CompareMode.TOGGLE && edited.get() != null) {
            showingOriginal.set(!showingOriginal.get());
        }
        draggingSplit = false;
    }

    private boolean nearDivider(double x) {
        return mode.get() == CompareMode.SPLIT && edited.get() != null
                && Math.abs(x - split.get() * getWidth()) <= HANDLE_GRAB;
    }

    private void zoomAround(double x, double y, double factor) {
        double newScale = clamp(scale.get() * factor);
        double applied = newScale / scale.get();
        offsetX = x - (x - offsetX) * applied;
        offsetY = y - (y - offsetY) * applied;
        scale.set(newScale);
        fitting = false;
        redraw();
    }

    private double panelWidth() {
        double width = getWidth();
        return mode.get() == CompareMode.SIDE_BY_SIDE && edited.get() != null ? (width - GAP) / 2 : width;
    }

    private static double clamp(double value) {
        return Math.clamp(value, MIN_SCALE, MAX_SCALE);
    }
}
