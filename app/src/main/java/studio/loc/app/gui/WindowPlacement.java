package studio.loc.app.gui;

import java.util.Optional;
import javafx.geometry.Rectangle2D;

/**
 * Where the main window opens on a screen: the size it last had there, or the default, never larger than the
 * screen's visible area (without task bar and menu bar), and centred in it, so the menu bar and both side panels
 * are on the screen from the start.
 */
public final class WindowPlacement {

    /** Below this the window's three columns no longer fit side by side. */
    public static final double MIN_WIDTH = 800;
    public static final double MIN_HEIGHT = 540;
    /** How much of a large screen the window takes the first time it opens there. */
    static final double FIRST_SHARE = 0.85;

    private WindowPlacement() {
    }

    /** The window's bounds on a screen whose visible area is {@code visible}. */
    public static Rectangle2D place(Optional<GuiSettings.WindowSize> remembered, Rectangle2D visible) {
        // First time on this screen: most of it (a photo editor wants room), at least the default size.
        double width = remembered.map(GuiSettings.WindowSize::width)
                .orElse(Math.max(GuiSettings.DEFAULT_WIDTH, FIRST_SHARE * visible.getWidth()));
        double height = remembered.map(GuiSettings.WindowSize::height)
                .orElse(Math.max(GuiSettings.DEFAULT_HEIGHT, FIRST_SHARE * visible.getHeight()));
        width = Math.min(Math.max(width, Math.min(MIN_WIDTH, visible.getWidth())), visible.getWidth());
        height = Math.min(Math.max(height, Math.min(MIN_HEIGHT, visible.getHeight())), visible.getHeight());
        double x = visible.getMinX() + (visible.getWidth() - width) / 2;
        double y = visible.getMinY() + (visible.getHeight() - height) / 2;
        return new Rectangle2D(x, y, width, height);
    }

    /** The smallest the window may be made on this screen: the layout's minimum, or the screen if it is smaller. */
    public static Rectangle2D minimum(Rectangle2D visible) {
        return new Rectangle2D(0, 0, Math.min(MIN_WIDTH, visible.getWidth()),
                Math.min(MIN_HEIGHT, visible.getHeight()));
    }
}
