package studio.loc.app.gui;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import javafx.geometry.Bounds;
import javafx.scene.Scene;
import javafx.scene.image.WritableImage;
import javafx.scene.input.MouseButton;
import javafx.scene.paint.Color;
import javafx.stage.Stage;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.testfx.api.FxRobot;
import org.testfx.api.FxToolkit;
import studio.loc.app.gui.view.CompareMode;
import studio.loc.app.gui.view.CompareView;

/** The compare view on its own: fit, 100 %, wheel zoom, the split handle and toggling. */
class CompareViewFxTest {

    private final FxRobot robot = new FxRobot();
    private CompareView view;

    @BeforeAll
    static void toolkit() throws Exception {
        FxTestSupport.startHeadless();
    }

    @BeforeEach
    void show() throws Exception {
        Stage stage = FxToolkit.registerPrimaryStage();
        FxToolkit.setupFixture(() -> {
            view = new CompareView();
            view.originalProperty().set(solid(400, 200, Color.DARKBLUE));
            view.editedProperty().set(solid(400, 200, Color.ORANGE));
            stage.setScene(new Scene(view, 600, 400));
            stage.show();
        });
        FxTestSupport.waitFor("laid out", java.time.Duration.ofSeconds(5), () -> view.getWidth() == 600);
    }

    @AfterEach
    void hide() throws Exception {
        FxToolkit.cleanupStages();
    }

    @Test
    void fitNeverBlowsASmallPhotoUpButShrinksALargeOne() throws Exception {
        assertEquals(1.0, FxTestSupport.onFx(() -> view.scaleProperty().get()), 1e-9,
                "600/400 wide, 400/200 high would be 150 %; fit stops at 100 %");
        FxTestSupport.onFx(() -> view.zoomTo(3));
        FxTestSupport.onFx(view::fit);
        assertEquals(1.0, FxTestSupport.onFx(() -> view.scaleProperty().get()), 1e-9);
        FxTestSupport.onFx(() -> view.originalProperty().set(new javafx.scene.image.WritableImage(1200, 200)));
        assertEquals(0.5, FxTestSupport.onFx(() -> view.scaleProperty().get()), 1e-9, "600/1200 wide");
    }

    @Test
    void sideBySideFitsHalfTheWidth() throws Exception {
        FxTestSupport.onFx(() -> view.modeProperty().set(CompareMode.SIDE_BY_SIDE));
        assertEquals((600 - 6) / 2.0 / 400, FxTestSupport.onFx(() -> view.scaleProperty().get()), 1e-9);
    }

    @Test
    void wheelZoomsAndDividerDrags() throws Exception {
        double before = FxTestSupport.onFx(() -> view.scaleProperty().get());
        robot.moveTo(view).scroll(3, javafx.geometry.VerticalDirection.UP);
        FxTestSupport.waitFor("zoomed", java.time.Duration.ofSeconds(5), () -> view.scaleProperty().get() != before);

        Bounds bounds = FxTestSupport.onFx(() -> view.localToScreen(view.getBoundsInLocal()));
        double handleX = bounds.getMinX() + bounds.getWidth() * 0.5;
        double y = bounds.getMinY() + bounds.getHeight() / 2;
        robot.drag(handleX, y, MouseButton.PRIMARY).moveTo(new javafx.geometry.Point2D(handleX - 150, y)).drop();
        double split = FxTestSupport.onFx(() -> view.splitProperty().get());
        assertTrue(split < 0.4, "divider moved left, now at " + split);
    }

    @Test
    void toggleModeSwitchesOnClick() throws Exception {
        FxTestSupport.onFx(() -> view.modeProperty().set(CompareMode.TOGGLE));
        robot.clickOn(view);
        assertTrue(FxTestSupport.onFx(() -> view.showingOriginalProperty().get()));
        robot.clickOn(view);
        assertTrue(!FxTestSupport.onFx(() -> view.showingOriginalProperty().get()));
    }

    private static WritableImage solid(int width, int height, Color color) {
        WritableImage image = new WritableImage(width, height);
        for (int y = 0; y < height; y++) {
            for (int x = 0; x < width; x++) {
                image.getPixelWriter().setColor(x, y, color);
            }
        }
        return image;
    }
}
