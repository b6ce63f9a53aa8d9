package studio.loc.app.gui;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.List;
import javafx.geometry.Bounds;
import javafx.geometry.Rectangle2D;
import javafx.scene.Node;
import javafx.scene.control.ButtonType;
import javafx.scene.control.DialogPane;
import javafx.scene.control.Label;
import javafx.scene.control.Labeled;
import javafx.scene.input.KeyCode;
import javafx.scene.text.Text;
import javafx.stage.Screen;
import org.junit.jupiter.api.Test;
import studio.loc.app.gui.view.DropZone;

/** What a newcomer meets in the main window: it fits the screen, warns about odd pairs, says what it does. */
class NewcomerWindowFxTest extends MainWindowFixture {

    @Test
    void theWindowOpensInsideTheScreensVisibleArea() throws Exception {
        Rectangle2D visible = FxTestSupport.onFx(() -> Screen.getPrimary().getVisualBounds());
        assertTrue(stage.getX() >= visible.getMinX() && stage.getY() >= visible.getMinY());
        assertTrue(stage.getX() + stage.getWidth() <= visible.getMaxX() + 0.5);
        assertTrue(stage.getY() + stage.getHeight() <= visible.getMaxY() + 0.5);
    }

    @Test
    void at1024By700AndAtTheMinimumNothingIsCutOff() throws Exception {
        dropExample();
        for (double[] size : List.of(new double[] {1366, 768}, new double[] {1024, 700},
                new double[] {WindowPlacement.MIN_WIDTH, WindowPlacement.MIN_HEIGHT})) {
            FxTestSupport.onFx(() -> {
                stage.setWidth(size[0]);
                stage.setHeight(size[1]);
            });
            FxTestSupport.waitFor("resized", WAIT, () -> window.scene().getWidth() == size[0]);
            FxTestSupport.onFx(() -> window.scene().getRoot().layout());
            String at = (int) size[0] + "×" + (int) size[1] + ": ";
            for (String id : List.of("#splitToggle", "#sideToggle", "#toggleToggle", "#fitButton", "#actualButton",
                    "#zoomLabel", "#openButton", "#exportButton", "#learnButton")) {
                Labeled control = find(id);
                String shown = FxTestSupport.onFx(() -> ((Text) control.lookup(".text")).getText());
                assertEquals(control.getText(), shown, at + id + " is cut short");
            }
            if (size[1] >= 700) {
                Bounds panel = bounds(find("#sideScroll"));
                for (String id : List.of("#learnButton", "#strengthSlider", "#advancedPane")) {
                    Bounds control = bounds(find(id));
                    assertTrue(control.getMaxY() <= panel.getMaxY() + 0.5,
                            at + id + " falls off the bottom of the left panel");
                }
            }
            assertTrue(bounds(find("#actualButton")).getMaxX() <= bounds(find("#libraryPanel")).getMinX() + 0.5,
                    at + "the viewer toolbar runs under the library");
            Bounds center = bounds(find("#compareView"));
            assertTrue(center.getMaxX() <= bounds(find("#libraryPanel")).getMinX() + 0.5, at + "viewer overlaps");
        }
    }

    @Test
    void anUnrelatedPairIsNamedAndLearningAsksFirst() throws Exception {
        Path before = TestImages.writeScene(dir.resolve("square.png"), 256, 256, 0, 0);
        Path query = TestImages.writeScene(dir.resolve("query.png"), 80, 60, 0, 1);
        Path after = dir.resolve("wide.png");
        writeNoise(after, 1024, 576);
        FxTestSupport.onFx(() -> {
            this.<DropZone>find("#beforeZone").acceptFiles(List.of(before));
            this.<DropZone>find("#afterZone").acceptFiles(List.of(after));
            viewModel.filmstrip().add(List.of(query));
        });
        Label warning = find("#pairWarning");
        FxTestSupport.waitFor("the pair is checked", WAIT,
                () -> warning.isVisible() && !find("#learnButton").isDisabled());
        assertTrue(warning.getText().contains("256 × 256") && warning.getText().contains("1024 × 576"),
                warning.getText());
        assertTrue(warning.getText().contains("same scene"), warning.getText());

        robot.clickOn("#learnButton");
        FxTestSupport.waitFor("the warning dialog", WAIT, () -> robot.lookup(".dialog-pane").tryQuery().isPresent());
        DialogPane pane = robot.lookup(".dialog-pane").queryAs(DialogPane.class);
        assertTrue(pane.getContentText().contains("different shapes"), pane.getContentText());
        assertTrue(pane.getContentText().contains("muddy change"), "says why it matters: " + pane.getContentText());
        robot.clickOn(pane.lookupButton(ButtonType.CANCEL));
        Thread.sleep(300);
        assertNull(viewModel.preview().changeProperty().get(), "nothing is learned without a yes");

        robot.clickOn("#learnButton");
        FxTestSupport.waitFor("the warning dialog again", WAIT,
                () -> robot.lookup(".dialog-pane").tryQuery().isPresent());
        robot.clickOn("Learn anyway");
        FxTestSupport.waitFor("learned anyway", WAIT, () -> viewModel.preview().changeProperty().get() != null);
    }

    @Test
    void aMatchingPairLearnsWithoutAQuestion() throws Exception {
        dropExample();
        assertFalse(find("#pairWarning").isVisible());
        robot.clickOn("#learnButton");
        FxTestSupport.waitFor("learned", WAIT, () -> viewModel.preview().changeProperty().get() != null);
    }

    @Test
    void anErrorNamesTheFileOnceStaysOffTheToolbarAndGoesWithTheNextRun() throws Exception {
        Path corrupt = TestImages.writeCorrupt(dir.resolve("holiday.png"));
        FxTestSupport.onFx(() -> viewModel.filmstrip().add(List.of(corrupt)));
        Label status = find("#statusLabel");
        org.controlsfx.control.NotificationPane notices = find("#notificationPane");
        FxTestSupport.waitFor("the error", WAIT, () -> status.getText().contains("holiday.png") && notices.isShowing());
        String said = status.getText();
        assertEquals(said.indexOf("holiday.png"), said.lastIndexOf("holiday.png"), "named once: " + said);
        // The bar slides in inside the notification pane, which holds only the picture.
        assertTrue(FxTestSupport.onFx(() -> isInside(notices.lookup(".notification-bar"), notices)));
        assertTrue(bounds(notices).getMinY() >= bounds(find(".view-bar")).getMaxY() - 0.5,
                "the error bar leaves the compare toolbar free");

        dropExample();
        robot.clickOn("#learnButton");
        FxTestSupport.waitFor("learned", WAIT, () -> viewModel.preview().resultImageProperty().get() != null
                && !viewModel.status().busyProperty().get());
        assertFalse(status.getText().contains("holiday.png"), status.getText());
        assertFalse(notices.isShowing(), "the old error went when the next task started");
    }

    @Test
    void theStrengthSnapsToZeroAndOneCanBeTypedAndResetsOnDoubleClick() throws Exception {
        javafx.scene.control.Slider slider = find("#strengthSlider");
        javafx.scene.control.TextField field = find("#strengthField");
        FxTestSupport.onFx(() -> slider.setValue(0.01));
        assertEquals(0.0, viewModel.preview().strengthProperty().get());
        assertEquals("0.00", field.getText());
        FxTestSupport.onFx(() -> slider.setValue(0.985));
        assertEquals(1.0, viewModel.preview().strengthProperty().get());
        FxTestSupport.onFx(() -> slider.setValue(0.6234));
        assertEquals(0.62, viewModel.preview().strengthProperty().get(), 1e-9);

        robot.doubleClickOn(field);
        robot.eraseText(6).write("0,5");
        robot.type(javafx.scene.input.KeyCode.ENTER);
        assertEquals(0.5, viewModel.preview().strengthProperty().get(), 1e-9);
        assertEquals(0.5, slider.getValue(), 1e-9, "the slider follows the typed number");
        robot.doubleClickOn(field);
        robot.eraseText(6).write("7");
        robot.type(javafx.scene.input.KeyCode.ENTER);
        assertEquals(PreviewViewModel.MAX_STRENGTH, viewModel.preview().strengthProperty().get(), 1e-9);

        robot.doubleClickOn("#strengthSlider .thumb");
        FxTestSupport.waitFor("reset to 1", WAIT, () -> viewModel.preview().strengthProperty().get() == 1.0);
        assertEquals("1.00", field.getText());
    }

    @Test
    void exportAllWritesEveryPhotoEditedAndTheStripMarksThem() throws Exception {
        dropExample();
        Path second = TestImages.writeScene(dir.resolve("second.png"), 70, 50, 0, 2);
        FxTestSupport.onFx(() -> viewModel.filmstrip().add(List.of(second)));
        FxTestSupport.waitFor("two photos", WAIT, () -> viewModel.filmstrip().queries().size() == 2);
        assertTrue(find("#exportAllButton").isDisabled(), "nothing to export before a change");
        assertFalse(robot.lookup(".query-mark").queryAll().stream().anyMatch(Node::isVisible));
        robot.clickOn("#learnButton");
        FxTestSupport.waitFor("learned", WAIT, () -> !find("#exportAllButton").isDisabled());
        assertEquals(2, robot.lookup(".query-mark").queryAll().stream()
                .filter(n -> n.isVisible() && ((Label) n).getText().equals("Edited")).count());
        assertTrue(this.<Label>find("#actionHelp").getText().contains("Export all… every photo in the strip"));

        Path out = dir.resolve("exported");
        FxTestSupport.onFx(() -> viewModel.export().exportAll(out, ExportFormat.PNG));
        FxTestSupport.waitFor("all exported", WAIT, () -> !viewModel.status().busyProperty().get()
                && java.nio.file.Files.exists(out.resolve("second-edited.png")));
        assertTrue(java.nio.file.Files.exists(out.resolve("query-edited.png")));
        try (var written = new DiffusionPictureFiles().read(out.resolve("second-edited.png"))) {
            assertEquals(70, written.width());
        }
        FxTestSupport.waitFor("marked exported", WAIT, () -> robot.lookup(".query-exported").queryAll().stream()
                .filter(Node::isVisible).count() == 2);
        FxTestSupport.onFx(() -> viewModel.export().exportAll(out, ExportFormat.PNG));
        FxTestSupport.waitFor("exported again", WAIT,
                () -> java.nio.file.Files.exists(out.resolve("query-edited (2).png")));
    }

    @Test
    void exportOffersThePhotosOwnFormatThenTheLastChoiceWithAJpegQuality() throws Exception {
        Path before = TestImages.writeScene(dir.resolve("before.png"), 64, 48, 0, 0);
        Path after = TestImages.writeScene(dir.resolve("after.png"), 64, 48, 0.9, 0);
        Path bundled = java.nio.file.Files.createDirectories(dir.resolve("samples/images"));
        Path jpeg = TestImages.writeScene(bundled.resolve("holiday.jpg"), 320, 240, 0, 1);
        FxTestSupport.onFx(() -> {
            viewModel.loadSamples(new SampleImages(before, after, List.of(jpeg)));
        });
        FxTestSupport.waitFor("loaded", WAIT, () -> !find("#learnButton").isDisabled()
                && viewModel.filmstrip().selectedProperty().get() != null);
        ExportViewModel export = viewModel.export();
        assertEquals(ExportFormat.JPEG, FxTestSupport.onFx(export::suggestedFormat));
        assertEquals("holiday-edited.jpg", FxTestSupport.onFx(() -> export.suggestedName(export.suggestedFormat())));
        Path folder = FxTestSupport.onFx(export::suggestedFolder);
        assertFalse(folder.startsWith(bundled), "the first export does not offer the app's samples: " + folder);

        robot.clickOn("#learnButton");
        FxTestSupport.waitFor("edited", WAIT, () -> export.canExportBinding().get());
        Path fine = dir.resolve("fine.jpg");
        FxTestSupport.onFx(() -> window.controller().exportTo(fine));
        FxTestSupport.waitFor("exported", WAIT,
                () -> java.nio.file.Files.exists(fine) && !viewModel.status().busyProperty().get());
        FxTestSupport.onFx(() -> {
            this.<javafx.scene.control.TitledPane>find("#advancedPane").setExpanded(true);
            this.<javafx.scene.control.Spinner<Integer>>find("#jpegQualitySpinner").getValueFactory().setValue(30);
        });
        assertEquals(30, viewModel.settings().jpegQuality(), "remembered");
        Path small = dir.resolve("small.jpg");
        FxTestSupport.onFx(() -> window.controller().exportTo(small));
        FxTestSupport.waitFor("exported small", WAIT, () -> java.nio.file.Files.exists(small)
                && !viewModel.status().busyProperty().get());
        assertTrue(java.nio.file.Files.size(small) < java.nio.file.Files.size(fine), "quality 30 is smaller than 95");

        FxTestSupport.onFx(() -> window.controller().exportTo(dir.resolve("lossless.tif")));
        FxTestSupport.waitFor("exported tiff", WAIT, () -> !viewModel.status().busyProperty().get()
                && java.nio.file.Files.exists(dir.resolve("lossless.tif")));
        assertEquals(ExportFormat.TIFF, FxTestSupport.onFx(export::suggestedFormat), "the last choice is kept");
        assertEquals(dir, FxTestSupport.onFx(export::suggestedFolder));
    }

    @Test
    void theLibraryHighlightsOnlyTheChangeOnScreenAndCanRenameAndDelete() throws Exception {
        dropExample();
        robot.clickOn("#learnButton");
        FxTestSupport.waitFor("learned", WAIT, () -> viewModel.library().canSaveBinding().get());
        FxTestSupport.onFx(() -> viewModel.library().save("Warm", viewModel.library().changeFileFor("Warm")));
        javafx.scene.control.ListView<studio.loc.app.gui.library.LibraryItem> list = find("#libraryList");
        FxTestSupport.waitFor("saved", WAIT, () -> list.getItems().size() == 1);
        Thread.sleep(300);
        assertEquals(list.getItems().getFirst(), list.getSelectionModel().getSelectedItem(),
                list.getItems().getFirst().file() + " / " + viewModel.library().currentFileProperty().get()
                        + " " + list.getItems().getFirst().name());
        assertFalse(viewModel.library().unsavedBinding().get());

        robot.clickOn("#learnButton");
        FxTestSupport.waitFor("learned again", WAIT, () -> viewModel.library().unsavedBinding().get()
                && !viewModel.status().busyProperty().get());
        assertNull(list.getSelectionModel().getSelectedItem(), "the new change is not the saved one");

        FxTestSupport.onFx(() -> viewModel.library().rename(list.getItems().getFirst(), "Golden"));
        FxTestSupport.waitFor("renamed", WAIT, () -> list.getItems().size() == 1
                && list.getItems().getFirst().name().equals("Golden"));
        assertTrue(java.nio.file.Files.exists(viewModel.library().changeFileFor("Golden")));
        assertFalse(java.nio.file.Files.exists(viewModel.library().changeFileFor("Warm")));

        javafx.application.Platform.runLater(() -> window.controller().deleteSaved(list.getItems().getFirst()));
        FxTestSupport.waitFor("asked", WAIT, () -> robot.lookup(".dialog-pane").tryQuery().isPresent());
        robot.clickOn(robot.lookup(".dialog-pane").queryAs(DialogPane.class).lookupButton(ButtonType.OK));
        FxTestSupport.waitFor("deleted", WAIT, () -> list.getItems().isEmpty());
        assertFalse(java.nio.file.Files.exists(viewModel.library().changeFileFor("Golden")));
    }

    @Test
    void closingWithAnUnsavedChangeAsksFirst() throws Exception {
        dropExample();
        robot.clickOn("#learnButton");
        FxTestSupport.waitFor("learned", WAIT, () -> viewModel.library().unsavedBinding().get()
                && !viewModel.status().busyProperty().get());
        javafx.application.Platform.runLater(() -> window.controller().quit());
        FxTestSupport.waitFor("asked", WAIT, () -> robot.lookup(".dialog-pane").tryQuery().isPresent());
        DialogPane pane = robot.lookup(".dialog-pane").queryAs(DialogPane.class);
        assertTrue(pane.getHeaderText().contains("Untitled change"), pane.getHeaderText());
        robot.clickOn(pane.lookupButton(ButtonType.CANCEL));
        Thread.sleep(200);
        assertTrue(stage.isShowing(), "Cancel keeps the window open");
    }

    @Test
    void keysSwitchTheCompareModesAndBackslashFlipsBeforeAndAfter() throws Exception {
        dropExample();
        robot.clickOn("#learnButton");
        FxTestSupport.waitFor("edited", WAIT, () -> viewModel.preview().resultImageProperty().get() != null);
        studio.loc.app.gui.view.CompareView compare = find("#compareView");
        robot.clickOn(compare);
        robot.push(KeyCode.Y);
        assertEquals(studio.loc.app.gui.view.CompareMode.SIDE_BY_SIDE, compare.modeProperty().get());
        assertTrue(FxTestSupport.onFx(() -> menuItem("sideItem").isSelected()), "the View menu marks the mode");
        assertTrue(this.<javafx.scene.control.ToggleButton>find("#sideToggle").isSelected());
        robot.push(KeyCode.SHIFT, KeyCode.Y);
        assertEquals(studio.loc.app.gui.view.CompareMode.SPLIT, compare.modeProperty().get());
        assertFalse(FxTestSupport.onFx(() -> menuItem("sideItem").isSelected()));
        robot.push(KeyCode.BACK_SLASH);
        assertEquals(studio.loc.app.gui.view.CompareMode.TOGGLE, compare.modeProperty().get());
        assertTrue(compare.showingOriginalProperty().get(), "\\ shows the original");
        robot.push(KeyCode.BACK_SLASH);
        assertFalse(compare.showingOriginalProperty().get(), "and the edit again");
    }

    @Test
    void theZoomIsShownOnlyWithAPhotoAndTheStrengthDoesNotJumpWhenAChangeArrives() throws Exception {
        assertFalse(find("#zoomLabel").isVisible(), "no zoom read-out over an empty viewer");
        dropExample();
        FxTestSupport.waitFor("photo shown", WAIT, () -> find("#zoomLabel").isVisible());
        double before = bounds(find("#strengthSlider")).getMinY();
        robot.clickOn("#learnButton");
        FxTestSupport.waitFor("learned", WAIT, () -> this.<Label>find("#changeLabel").getText().contains("learned in"));
        FxTestSupport.onFx(() -> window.scene().getRoot().layout());
        // Within a few pixels (the quotes' glyphs are taller); a line appearing would move it by 20 or more.
        assertEquals(before, bounds(find("#strengthSlider")).getMinY(), 4, "the left panel stays put");
    }

    @Test
    void batchFoldersCanBeTypedAndAnOldDidNotStartGoesWhenTheyChange() throws Exception {
        dropExample();
        robot.clickOn("#learnButton");
        FxTestSupport.waitFor("learned", WAIT, () -> viewModel.library().canSaveBinding().get());
        FxTestSupport.onFx(() -> viewModel.library().save("Warm", viewModel.library().changeFileFor("Warm")));
        FxTestSupport.waitFor("saved", WAIT, () -> viewModel.library().items().size() == 1);
        studio.loc.app.gui.batch.BatchDialog dialog = FxTestSupport.onFx(() -> window.openBatch());
        javafx.scene.Scene batch = dialog.stage().getScene();
        Path input = java.nio.file.Files.createDirectories(dir.resolve("in"));
        TestImages.writeScene(input.resolve("one.png"), 40, 30, 0, 0);
        robot.clickOn(batch.lookup("#inputField"));
        robot.write(dir.resolve("missing").toString());
        assertEquals(dir.resolve("missing"), dialog.viewModel().inputFolderProperty().get(), "typing sets the folder");
        robot.clickOn(batch.lookup("#outputField"));
        robot.write(dir.resolve("out").toString());
        FxTestSupport.onFx(() -> dialog.viewModel().changeProperty().set(viewModel.library().items().getFirst()));
        Label summary = (Label) batch.lookup("#summaryLabel");
        robot.clickOn(batch.lookup("#startButton"));
        FxTestSupport.waitFor("did not start", WAIT, () -> summary.getText().startsWith("The batch did not start"));

        FxTestSupport.onFx(() -> ((javafx.scene.control.TextField) batch.lookup("#inputField"))
                .setText(input.toString())); // as a paste does
        assertEquals(input, dialog.viewModel().inputFolderProperty().get());
        assertFalse(summary.getText().contains("did not start"), "the old error went: " + summary.getText());
    }

    @Test
    void tabbingOutOfTheLeftPanelKeepsTheFocusVisible() throws Exception {
        dropExample();
        robot.clickOn("#strengthField");
        Node panel = find("#sideScroll");
        Node owner = null;
        for (int i = 0; i < 20; i++) {
            robot.push(KeyCode.TAB);
            owner = FxTestSupport.onFx(() -> window.scene().getFocusOwner());
            if (!isInside(owner, panel)) {
                break;
            }
        }
        Node focused = owner;
        assertFalse(isInside(focused, panel), "Tab leaves the left panel");
        FxTestSupport.onFx(() -> focused.applyCss());
        assertTrue(FxTestSupport.onFx(() -> focused.getEffect() != null),
                focused + " shows that it has the keyboard focus");
    }

    private javafx.scene.control.RadioMenuItem menuItem(String id) {
        return (javafx.scene.control.RadioMenuItem) this.<javafx.scene.control.MenuBar>find("#menuBar").getMenus()
                .stream().flatMap(m -> m.getItems().stream()).filter(i -> id.equals(i.getId())).findFirst()
                .orElseThrow();
    }

    static void writeNoise(Path file, int width, int height) throws Exception {
        java.awt.image.BufferedImage image = new java.awt.image.BufferedImage(width, height,
                java.awt.image.BufferedImage.TYPE_INT_RGB);
        java.util.Random random = new java.util.Random(7);
        for (int y = 0; y < height; y++) {
            for (int x = 0; x < width; x++) {
                image.setRGB(x, y, random.nextInt(0xffffff));
            }
        }
        javax.imageio.ImageIO.write(image, "png", file.toFile());
    }

    private static boolean isInside(Node node, Node ancestor) {
        for (Node n = node; n != null; n = n.getParent()) {
            if (n == ancestor) {
                return true;
            }
        }
        return false;
    }

    private static Bounds bounds(Node node) throws Exception {
        return FxTestSupport.onFx(() -> node.localToScene(node.getBoundsInLocal()));
    }
}
