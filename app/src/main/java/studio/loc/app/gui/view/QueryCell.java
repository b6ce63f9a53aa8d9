package studio.loc.app.gui.view;

import javafx.geometry.Pos;
import javafx.scene.control.Label;
import javafx.scene.control.ListCell;
import javafx.scene.control.Tooltip;
import javafx.scene.image.ImageView;
import javafx.scene.layout.VBox;
import studio.loc.app.gui.QueryItem;

/** A photo in the filmstrip: thumbnail above its file name. */
public final class QueryCell extends ListCell<QueryItem> {

    private final ImageView thumbnail = new ImageView();
    private final Label name = new Label();
    private final VBox box = new VBox(6, thumbnail, name);

    public QueryCell() {
        getStyleClass().add("query-cell");
        thumbnail.setPreserveRatio(true);
        thumbnail.setFitWidth(132);
        thumbnail.setFitHeight(84);
        name.getStyleClass().add("query-name");
        name.setMaxWidth(132);
        box.setAlignment(Pos.CENTER);
    }

    @Override
    protected void updateItem(QueryItem item, boolean empty) {
        super.updateItem(item, empty);
        if (empty || item == null) {
            setGraphic(null);
            setTooltip(null);
            return;
        }
        thumbnail.setImage(item.thumbnail());
        name.setText(item.name());
        setTooltip(new Tooltip(item.file() + "\n" + item.describeSize()));
        setGraphic(box);
    }
}
