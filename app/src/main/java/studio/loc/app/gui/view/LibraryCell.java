package studio.loc.app.gui.view;

import javafx.geometry.Pos;
import javafx.scene.control.Label;
import javafx.scene.control.ListCell;
import javafx.scene.control.Tooltip;
import javafx.scene.image.ImageView;
import javafx.scene.layout.HBox;
import javafx.scene.layout.VBox;
import studio.loc.app.gui.library.LibraryItem;
import studio.loc.app.messages.Texts;

/** A saved change: its example's before → after thumbnails, its name, and why it cannot be used (if so). */
public final class LibraryCell extends ListCell<LibraryItem> {

    private static final double THUMB = 48;

    private final ImageView before = thumb();
    private final ImageView after = thumb();
    private final Label arrow = new Label("→");
    private final Label warning = new Label("!");
    private final Label name = new Label();
    private final Label detail = new Label();
    private final VBox box;

    public LibraryCell() {
        getStyleClass().add("library-cell");
        setPrefWidth(0); // follow the list's width instead of scrolling sideways
        warning.getStyleClass().add("library-warning");
        arrow.getStyleClass().add("library-arrow");
        name.getStyleClass().add("library-name");
        detail.getStyleClass().add("library-detail");
        detail.setWrapText(true);
        name.setMinWidth(0);
        detail.setMinWidth(0);
        name.setMaxWidth(Double.MAX_VALUE);
        // The thumbnails on one line, the name and model below: the panel may be only 200 px wide.
        HBox thumbnails = new HBox(6, warning, before, arrow, after);
        thumbnails.setAlignment(Pos.CENTER_LEFT);
        box = new VBox(4, thumbnails, name, detail);
        box.setMinWidth(0);
    }

    private static ImageView thumb() {
        ImageView view = new ImageView();
        view.setFitWidth(THUMB);
        view.setFitHeight(THUMB);
        view.setPreserveRatio(true);
        view.getStyleClass().add("library-thumb");
        return view;
    }

    @Override
    protected void updateItem(LibraryItem item, boolean empty) {
        super.updateItem(item, empty);
        if (empty || item == null) {
            setGraphic(null);
            setTooltip(null);
            pseudoClassStateChanged(Styles.UNUSABLE, false);
            return;
        }
        before.setImage(item.before());
        after.setImage(item.after());
        boolean thumbnails = item.before() != null || item.after() != null;
        for (javafx.scene.Node node : new javafx.scene.Node[] {before, arrow, after}) {
            node.setVisible(thumbnails);
            node.setManaged(thumbnails);
        }
        warning.setVisible(!item.usable() && !thumbnails);
        warning.setManaged(warning.isVisible());
        name.setText(item.name());
        detail.setText(item.usable() ? Texts.text("library.clickToApply") : item.problem());
        pseudoClassStateChanged(Styles.UNUSABLE, !item.usable());
        String detailText = item.usable() ? Texts.format("library.forModel", item.baseModel()) : item.problem();
        setTooltip(new Tooltip(item.file() + "\n" + detailText));
        setGraphic(box);
    }
}
