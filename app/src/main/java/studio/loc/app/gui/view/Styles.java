package studio.loc.app.gui.view;

import javafx.css.PseudoClass;

/** Pseudo-classes the stylesheet ({@code studio/loc/ui/studio.css}) styles. */
final class Styles {
    static final PseudoClass ERROR = PseudoClass.getPseudoClass("error");
    static final PseudoClass DRAG_OVER = PseudoClass.getPseudoClass("drag-over");
    static final PseudoClass UNUSABLE = PseudoClass.getPseudoClass("unusable");

    private Styles() {
    }
}
