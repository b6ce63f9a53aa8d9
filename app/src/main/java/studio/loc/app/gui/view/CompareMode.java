package studio.loc.app.gui.view;

/** How the compare view shows the original next to the edit. */
public enum CompareMode {
    /** One picture, a draggable divider: original on the left, edit on the right. */
    SPLIT,
    /** Both pictures next to each other, zoomed and panned together. */
    SIDE_BY_SIDE,
    /** One picture at a time; click or press Space to switch. */
    TOGGLE
}
