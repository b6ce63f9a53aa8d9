package studio.loc.app.gui.view;

import javafx.beans.value.ChangeListener;
import javafx.beans.value.ObservableBooleanValue;
import javafx.geometry.Pos;
import javafx.scene.control.Label;
import javafx.scene.control.ListCell;
import javafx.scene.control.Tooltip;
import javafx.scene.image.ImageView;
import javafx.scene.layout.StackPane;
import javafx.scene.layout.VBox;
import studio.loc.app.gui.QueryItem;
import studio.loc.app.messages.Texts;

/**
 * A photo in the filmstrip: thumbnail above its file name, marked "Edited" while a change applies to it (every
 * photo of the strip gets the current change when exported) and "Exported" once it was written.
 */
public final class QueryCell extends ListCell<QueryItem> {

    private final ImageView thumbnail = new ImageView();
    private final Label name = new Label();
    private final Label edited = new Label(Texts.text("filmstrip.edited"));
    private final Label exported = new Label(Texts.text("filmstrip.exported"));
    private final VBox box;
    private final ObservableBooleanValue changeActive;
    private final ChangeListener<Boolean> exportedListener = (obs, was, now) -> showMarks();

    public QueryCell(ObservableBooleanValue changeActive) {
        this.changeActive = changeActive;
        getStyleClass().add("query-cell");
        thumbnail.setPreserveRatio(true);
        thumbnail.setFitWidth(132);
        thumbnail.setFitHeight(84);
        name.getStyleClass().add("query-name");
        name.setMaxWidth(132);
        edited.getStyleClass().add("query-mark");
        exported.getStyleClass().addAll("query-mark", "query-exported");
        StackPane picture = new StackPane(thumbnail, edited, exported);
        StackPane.setAlignment(edited, Pos.TOP_LEFT);
        StackPane.setAlignment(exported, Pos.BOTTOM_RIGHT);
        picture.setPrefSize(132, 84);
        box = new VBox(6, picture, name);
        box.setAlignment(Pos.CENTER);
        changeActive.addListener((obs, was, now) -> showMarks());
    }

    @Override
    protected void updateItem(QueryItem item, boolean empty) {
        QueryItem old = getItem();
        if (old != null) {
            old.exportedProperty().removeListener(exportedListener);
        }
        super.updateItem(item, empty);
        if (empty || item == null) {
            setGraphic(null);
            setTooltip(null);
            return;
        }
        item.exportedProperty().addListener(exportedListener);
        thumbnail.setImage(item.thumbnail());
        name.setText(item.name());
        setTooltip(new Tooltip(item.file() + "\n" + item.describeSize()));
        showMarks();
        setGraphic(box);
    }

    private void showMarks() {
        QueryItem item = getItem();
        edited.setVisible(item != null && changeActive.get());
        exported.setVisible(item != null && item.exportedProperty().get());
    }
}
