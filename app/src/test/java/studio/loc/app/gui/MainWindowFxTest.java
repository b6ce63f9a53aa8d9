package studio.loc.app.gui;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import javafx.scene.control.Button;
import javafx.scene.control.Label;
import javafx.scene.control.ListView;
import javafx.scene.control.Slider;
import javafx.scene.control.TableView;
import javafx.scene.image.Image;
import javafx.scene.input.KeyCode;
import org.junit.jupiter.api.Test;
import studio.loc.app.batch.BatchReport;
import studio.loc.app.gui.batch.BatchDialog;
import studio.loc.app.gui.library.LibraryItem;
import studio.loc.app.gui.view.CompareView;
import studio.loc.app.gui.view.DropZone;

/** The real main window, headless, driven through its controls with the test-double engine. */
class MainWindowFxTest extends MainWindowFixture {

    @Test
    void dropPairAndQueryLearnApplyAndStrengthChangesTheOutput() throws Exception {
        dropExample();
        assertEquals("Model: tiny", this.<Label>find("#modelLabel").getText());
        robot.clickOn("#learnButton");
        FxTestSupport.waitFor("edited image in the compare view", WAIT,
                () -> this.<CompareView>find("#compareView").editedProperty().get() != null);
        CompareView compare = find("#compareView");
        Image original = compare.originalProperty().get();
        Image edited = compare.editedProperty().get();
        assertEquals(original.getWidth(), edited.getWidth());
        assertNotEquals(MainViewModelTest.meanRed(original), MainViewModelTest.meanRed(edited), 0.01);
        assertTrue(this.<Label>find("#changeLabel").getText().contains("learned in"));

        // Dragging the slider's thumb re-renders without learning again.
        FxTestSupport.waitFor("settled", WAIT, () -> !viewModel.status().busyProperty().get()
                && !viewModel.preview().resultStaleProperty().get() && compare.editedProperty().get() != null);
        Image before = compare.editedProperty().get();
        robot.drag("#strengthSlider .thumb").moveBy(-50, 0).drop();
        FxTestSupport.waitFor("re-rendered", WAIT, () -> compare.editedProperty().get() != before
                && !viewModel.preview().resultStaleProperty().get() && !viewModel.status().busyProperty().get());
        double strength = FxTestSupport.onFx(() -> this.<Slider>find("#strengthSlider").getValue());
        assertTrue(strength < 1.0, "slider moved down, got " + strength);
        assertTrue(MainViewModelTest.meanRed(compare.editedProperty().get()) < MainViewModelTest.meanRed(before),
                "less strength, less warm");
    }

    @Test
    void applyShowsProgressAndCancelWorks() throws Exception {
        dropExample();
        robot.clickOn("#learnButton");
        FxTestSupport.waitFor("first edit", WAIT, () -> viewModel.preview().resultImageProperty().get() != null
                && !viewModel.status().busyProperty().get());
        FxTestSupport.onFx(() -> viewModel.preview().stepsProperty().set(3000)); // about 9 s unless cancelled
        robot.clickOn("#compareView");
        robot.push(KeyCode.CONTROL, KeyCode.ENTER); // Change → Render again
        FxTestSupport.waitFor("progress bar moving", WAIT,
                () -> find("#progressBar").isVisible() && viewModel.status().progressProperty().get() > 0);
        robot.clickOn("#cancelButton");
        FxTestSupport.waitFor("cancelled", WAIT, () -> !viewModel.status().busyProperty().get());
        assertEquals("Cancelled.", this.<Label>find("#statusLabel").getText());
        assertFalse(find("#cancelButton").isVisible());
        assertNotNull(viewModel.preview().originalImageProperty().get());
    }

    @Test
    void saveNamesTheChangeAndTheLibraryLoadsItBack() throws Exception {
        dropExample();
        robot.clickOn("#learnButton");
        FxTestSupport.waitFor("learned", WAIT, () -> viewModel.library().canSaveBinding().get());
        robot.clickOn("#saveButton");
        FxTestSupport.waitFor("name dialog", WAIT, () -> robot.lookup(".dialog-pane .text-field").tryQuery().isPresent());
        javafx.scene.control.TextField name = robot.lookup(".dialog-pane .text-field").queryAs(
                javafx.scene.control.TextField.class);
        assertEquals("Untitled change", name.getText(), "the field shows the name the change has");
        FxTestSupport.waitFor("name selected", WAIT,
                () -> name.isFocused() && "Untitled change".equals(name.getSelectedText()));
        robot.clickOn(name).push(KeyCode.CONTROL, KeyCode.A).write("Golden hour");
        robot.clickOn("OK");
        ListView<LibraryItem> library = find("#libraryList");
        FxTestSupport.waitFor("library shows it", WAIT, () -> library.getItems().size() == 1);
        assertEquals("Golden hour", library.getItems().getFirst().name());
        assertTrue(Files.exists(dir.resolve("library/Golden hour.loc.safetensors")));

        int appliesBefore = viewModel.filmstrip().queries().size();
        robot.clickOn(".library-cell");
        FxTestSupport.waitFor("loaded and applied", WAIT,
                () -> this.<Label>find("#statusLabel").getText().startsWith("Applied")
                        && this.<Label>find("#changeLabel").getText().contains("loaded from the library"));
        assertEquals(1, appliesBefore);
        assertNotNull(viewModel.preview().resultImageProperty().get());
    }

    @Test
    void keyboardShortcutsLearnAndApply() throws Exception {
        dropExample();
        robot.clickOn("#compareView");
        robot.push(KeyCode.CONTROL, KeyCode.L);
        FxTestSupport.waitFor("learned by Ctrl+L", WAIT, () -> viewModel.preview().resultImageProperty().get() != null
                && !viewModel.status().busyProperty().get());
        Image first = viewModel.preview().resultImageProperty().get();
        robot.push(KeyCode.CONTROL, KeyCode.ENTER);
        FxTestSupport.waitFor("applied again by Ctrl+Enter", WAIT,
                () -> viewModel.preview().resultImageProperty().get() != first
                        && !viewModel.status().busyProperty().get());
    }

    @Test
    void theRefineCheckBoxRefinesTheNextLearnWithTheAdvancedSteps() throws Exception {
        dropExample();
        javafx.scene.control.Spinner<?> steps = find("#refineStepsSpinner");
        assertTrue(steps.isDisabled(), "the steps only matter when refining");
        FxTestSupport.onFx(() -> {
            this.<javafx.scene.control.TitledPane>find("#advancedPane").setExpanded(true);
            this.<javafx.scene.control.CheckBox>find("#refineCheck").fire(); // as a click does, off-screen or not
        });
        assertTrue(viewModel.pair().refineProperty().get());
        assertFalse(steps.isDisabled());
        FxTestSupport.onFx(() -> viewModel.pair().refineStepsProperty().set(40));
        assertEquals(40, steps.getValue());
        robot.clickOn("#learnButton");
        FxTestSupport.waitFor("refined", WAIT, () -> engine.lastRefineSteps.get() == 40
                && viewModel.preview().changeProperty().get() != null && !viewModel.status().busyProperty().get());
    }

    @Test
    void pasteGoesToTheFocusedDropZone() throws Exception {
        Path after = TestImages.writeScene(dir.resolve("pasted-after.png"), 64, 48, 0.9, 0);
        FxTestSupport.onFx(() -> {
            javafx.scene.input.ClipboardContent content = new javafx.scene.input.ClipboardContent();
            content.putFiles(List.of(after.toFile()));
            javafx.scene.input.Clipboard.getSystemClipboard().setContent(content);
            find("#afterZone").requestFocus();
        });
        robot.push(KeyCode.CONTROL, KeyCode.V);
        FxTestSupport.waitFor("after image pasted", WAIT, () -> viewModel.pair().after().hasPicture());
        assertEquals(after, viewModel.pair().after().fileProperty().get());
        assertFalse(viewModel.pair().before().hasPicture());
    }

    @Test
    void corruptFileIsRefusedInTheDropZone() throws Exception {
        Path corrupt = TestImages.writeCorrupt(dir.resolve("holiday.png"));
        DropZone zone = find("#beforeZone");
        FxTestSupport.onFx(() -> zone.acceptFiles(List.of(corrupt)));
        FxTestSupport.waitFor("refusal shown", WAIT,
                () -> zone.lookup(".drop-error") instanceof Label l && l.isVisible() && !l.getText().isEmpty());
        String message = ((Label) zone.lookup(".drop-error")).getText();
        assertTrue(message.contains("holiday.png"), message);
        assertTrue(find("#learnButton").isDisabled());
    }

    @Test
    void exportToTheOriginalAsksFirst() throws Exception {
        Path query = dropExample();
        robot.clickOn("#learnButton");
        FxTestSupport.waitFor("edited", WAIT, () -> viewModel.export().canExportBinding().get());
        long size = Files.size(query);
        javafx.application.Platform.runLater(() -> window.controller().exportTo(query)); // blocks in its dialog
        FxTestSupport.waitFor("confirmation", WAIT, () -> robot.lookup(".dialog-pane").tryQuery().isPresent());
        javafx.scene.control.DialogPane pane = robot.lookup(".dialog-pane").queryAs(javafx.scene.control.DialogPane.class);
        robot.clickOn(pane.lookupButton(javafx.scene.control.ButtonType.CANCEL));
        FxTestSupport.waitFor("dialog closed", WAIT, () -> robot.lookup(".dialog-pane").tryQuery().isEmpty());
        Thread.sleep(200);
        assertFalse(viewModel.status().busyProperty().get(), "nothing was exported");
        assertEquals(size, Files.size(query), "original untouched");

        Path out = dir.resolve("edited.jpg");
        FxTestSupport.onFx(() -> window.controller().exportTo(out));
        FxTestSupport.waitFor("exported", WAIT, () -> Files.exists(out) && !viewModel.status().busyProperty().get());
        try (var picture = new DiffusionPictureFiles().read(out)) {
            assertEquals(80, picture.width());
        }
    }

    @Test
    void batchWithOneCorruptFileFinishesAndReportsIt() throws Exception {
        dropExample();
        robot.clickOn("#learnButton");
        FxTestSupport.waitFor("learned", WAIT, () -> viewModel.library().canSaveBinding().get());
        Path changeFile = dir.resolve("library/Warm.loc.safetensors");
        FxTestSupport.onFx(() -> viewModel.library().save("Warm", changeFile));
        FxTestSupport.waitFor("saved", WAIT, () -> viewModel.library().items().size() == 1);

        Path input = Files.createDirectories(dir.resolve("in"));
        TestImages.writeScene(input.resolve("one.png"), 40, 30, 0, 0);
        TestImages.writeScene(input.resolve("two.jpg"), 40, 30, 0, 1);
        TestImages.writeCorrupt(input.resolve("three.png"));
        Path output = dir.resolve("out");

        robot.clickOn("#batchButton");
        BatchDialog dialog = FxTestSupport.onFx(() -> window.openBatch());
        FxTestSupport.onFx(() -> {
            dialog.viewModel().inputFolderProperty().set(input);
            dialog.viewModel().outputFolderProperty().set(output);
        });
        Button start = (Button) dialog.stage().getScene().lookup("#startButton");
        FxTestSupport.waitFor("start enabled", WAIT, () -> !start.isDisabled());
        robot.clickOn(start);
        FxTestSupport.waitFor("batch report", WAIT, () -> dialog.viewModel().reportProperty().get() != null);

        BatchReport report = dialog.viewModel().reportProperty().get();
        assertEquals(BatchReport.Ending.COMPLETED, report.ending());
        assertEquals(2, report.counts().done());
        assertEquals(1, report.counts().failed());
        @SuppressWarnings("unchecked")
        TableView<studio.loc.app.batch.FileResult> table =
                (TableView<studio.loc.app.batch.FileResult>) dialog.stage().getScene().lookup("#failureTable");
        assertEquals(1, table.getItems().size());
        assertEquals("three.png", table.getItems().getFirst().input().getFileName().toString());
        assertFalse(table.getItems().getFirst().reason().isBlank());
        assertTrue(((Label) dialog.stage().getScene().lookup("#summaryLabel")).getText().contains("1 failed"));
    }
}
