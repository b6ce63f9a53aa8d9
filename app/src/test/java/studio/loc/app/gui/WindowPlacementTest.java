package studio.loc.app.gui;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Optional;
import javafx.geometry.Rectangle2D;
import org.junit.jupiter.api.Test;

class WindowPlacementTest {

    @Test
    void theDefaultWindowIsNeverLargerThanASmallScreen() {
        Rectangle2D laptop = new Rectangle2D(0, 27, 1366, 741); // 1366×768 less a top bar
        Rectangle2D placed = WindowPlacement.place(Optional.empty(), laptop);
        assertEquals(1360, placed.getWidth(), 1e-9);
        assertEquals(741, placed.getHeight(), 1e-9);
        assertEquals(27, placed.getMinY(), 1e-9, "the title and menu bar stay below the top bar");
        Rectangle2D small = new Rectangle2D(0, 0, 1024, 700);
        assertEquals(small, WindowPlacement.place(Optional.empty(), small));
        Rectangle2D large = WindowPlacement.place(Optional.empty(), new Rectangle2D(0, 0, 1920, 1080));
        assertEquals(1632, large.getWidth(), 1e-9, "most of a large screen");
        assertEquals(918, large.getHeight(), 1e-9);
    }

    @Test
    void aRememberedSizeIsKeptCentredAndClampedToTheScreen() {
        Rectangle2D desk = new Rectangle2D(1920, 0, 1920, 1050);
        Rectangle2D placed = WindowPlacement.place(Optional.of(new GuiSettings.WindowSize(1000, 700, false)), desk);
        assertEquals(new Rectangle2D(1920 + 460, 175, 1000, 700), placed);
        Rectangle2D tiny = WindowPlacement.place(Optional.of(new GuiSettings.WindowSize(300, 200, false)), desk);
        assertEquals(WindowPlacement.MIN_WIDTH, tiny.getWidth(), 1e-9);
        assertEquals(WindowPlacement.MIN_HEIGHT, tiny.getHeight(), 1e-9);
    }
}
