package studio.loc.app.gui;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.prefs.Preferences;
import javafx.application.Platform;
import javafx.embed.swing.SwingFXUtils;
import javafx.scene.Node;
import javafx.scene.Scene;
import javafx.scene.control.ButtonBase;
import javafx.stage.Window;
import javax.imageio.ImageIO;
import studio.loc.diffusion.image.ImageLimits;
import studio.loc.diffusion.image.OpenCv;
import studio.loc.diffusion.image.Picture;
import studio.loc.diffusion.image.PictureReader;
import studio.loc.diffusion.progress.CancellationToken;
import studio.loc.diffusion.progress.ProgressListener;
import studio.loc.hypernet.engine.LearnedChange;

/**
 * Launches the real GUI with the test-double engine and generated sample photos, for screenshots:
 * {@code java ... studio.loc.app.gui.GuiScreenshotDemo [--snapshot out.png [edit|error|batch [MODEL_FOLDER]]]}.
 * With a model folder (samples/default-model) it runs the installed engine on that model and its sample photos
 * instead of the test double. With
 * {@code --snapshot} it presses "Learn change", waits for the edit, writes the window to a PNG with JavaFX's own
 * snapshot and exits ("mismatch" puts an unrelated after in place instead of learning, "error" first clicks the library's change for another model, "batch" shoots the batch window).
 *
 * <pre>
 * ./mvnw -q -o -pl app -am test-compile
 * ./mvnw -q -o -pl app dependency:build-classpath -Dmdep.includeScope=test -Dmdep.outputFile=/tmp/cp.txt
 * CP=app/target/test-classes:app/target/classes:diffusion/target/classes:hypernet/target/classes:\
 *    ui-resources/target/classes:$(tr ':' '\n' &lt; /tmp/cp.txt | grep -v studio/loc | paste -sd:)
 * xvfb-run -a -s "-screen 0 1366x768x24" java --enable-native-access=ALL-UNNAMED -Dprism.order=sw -cp "$CP" \
 *    studio.loc.app.gui.GuiScreenshotDemo --snapshot /tmp/gui.png
 * </pre>
 */
public final class GuiScreenshotDemo {

    public static void main(String[] args) throws Exception {
        OpenCv.ensureLoaded();
        Path demo = Files.createTempDirectory("loc-studio-demo");
        Path images = demo.resolve("samples/images");
        TestImages.writeScene(images.resolve("before.png"), 640, 427, 0.0, 0);
        TestImages.writeScene(images.resolve("after.png"), 640, 427, 0.9, 0);
        TestImages.writeScene(images.resolve("query-1.png"), 1600, 1067, -0.1, 1);
        TestImages.writeScene(images.resolve("query-2.png"), 1200, 800, 0.1, 2);
        TestImages.writeScene(images.resolve("query-3.png"), 1200, 900, -0.3, 0);
        Path model = Files.createDirectories(demo.resolve("model"));
        Path library = Files.createDirectories(demo.resolve("changes"));
        String snapshotArgument = args.length >= 4 ? args[3] : null;
        if (snapshotArgument == null) { // the test double's change files; the real engine starts with an empty library
            seedLibrary(library, demo);
        }

        Preferences prefs = Preferences.userRoot().node("studio/loc/gui-demo");
        prefs.clear();
        GuiSettings settings = new GuiSettings(prefs);
        settings.setLibraryFolder(library);

        String snapshot = args.length >= 2 && args[0].equals("--snapshot") ? args[1] : null;
        String scenario = args.length >= 3 ? args[2] : "edit";
        Path realModel = args.length >= 4 ? Path.of(args[3]).toAbsolutePath() : null;
        int photos = realModel == null ? 3 : SampleImages.near(realModel).map(s -> s.queries().size()).orElse(0);
        if (snapshot != null) {
            Thread driver = new Thread(() -> drive(Path.of(snapshot), scenario, photos), "demo-driver");
            driver.setDaemon(true);
            driver.start();
        }
        if (realModel != null) {
            studio.loc.hypernet.engine.EngineFactory installed = java.util.ServiceLoader
                    .load(studio.loc.hypernet.engine.EngineFactory.class).findFirst()
                    .orElseThrow(() -> new IllegalStateException("No engine on the class path"));
            LocStudioGui.launch(installed, realModel, new DiffusionPictureFiles(), settings, new String[0]);
        } else {
            LocStudioGui.launch(folder -> new FakeEditEngine("loc-tiny-256", folder, 40), model,
                    new DiffusionPictureFiles(), settings, new String[0]);
        }
    }

    /** Two saved changes for the library panel, one made for another model (shown with the reason). */
    private static void seedLibrary(Path library, Path demo) throws Exception {
        Path warmBefore = TestImages.writeScene(demo.resolve("lib/a0.png"), 320, 213, 0.0, 2);
        Path warmAfter = TestImages.writeScene(demo.resolve("lib/a1.png"), 320, 213, -0.8, 2);
        try (FakeEditEngine ours = new FakeEditEngine("loc-tiny-256", demo, 0);
             FakeEditEngine other = new FakeEditEngine("loc-large-512", demo, 0);
             Picture a = PictureReader.read(warmBefore, ImageLimits.DEFAULT);
             Picture b = PictureReader.read(warmAfter, ImageLimits.DEFAULT)) {
            LearnedChange cool = ours.learn(a, b, "Cool evening", ProgressListener.NONE, CancellationToken.NEVER);
            ours.save(cool, library.resolve("Cool evening.loc.safetensors"));
            LearnedChange faded = other.learn(b, a, "Faded film", ProgressListener.NONE, CancellationToken.NEVER);
            other.save(faded, library.resolve("Faded film.loc.safetensors"));
        }
    }

    /**
     * Waits until the samples are in, presses "Learn change", waits for the edit, then snapshots and exits.
     * Scenario "error" then clicks the library's change for another model; "batch" snapshots the batch window.
     */
    private static void drive(Path output, String scenario, int photos) {
        try {
            waitUntil(() -> node("#learnButton") instanceof ButtonBase b && !b.isDisabled()
                    && node("#filmstrip") instanceof javafx.scene.control.ListView<?> l && l.getItems().size() == photos);
            if (scenario.equals("mismatch")) { // the second photo as the "after": the pair warning shows
                Platform.runLater(() -> {
                    var strip = (javafx.scene.control.ListView<?>) node("#filmstrip");
                    QueryItem other = (QueryItem) strip.getItems().get(1);
                    ((studio.loc.app.gui.view.DropZone) node("#afterZone")).acceptFiles(java.util.List.of(other.file()));
                });
                waitUntil(() -> node("#pairWarning") instanceof javafx.scene.control.Label l && l.isVisible());
            } else {
                Platform.runLater(() -> ((ButtonBase) node("#learnButton")).fire());
                waitUntil(() -> node("#statusLabel") instanceof javafx.scene.control.Label l
                        && l.getText().startsWith("Applied"));
            }
            if (scenario.equals("error")) {
                Platform.runLater(() -> {
                    @SuppressWarnings("unchecked")
                    var list = (javafx.scene.control.ListView<studio.loc.app.gui.library.LibraryItem>) node("#libraryList");
                    list.getItems().stream().filter(item -> !item.usable()).findFirst()
                            .ifPresent(item -> list.getSelectionModel().select(item));
                    list.fireEvent(new javafx.scene.input.MouseEvent(javafx.scene.input.MouseEvent.MOUSE_CLICKED,
                            0, 0, 0, 0, javafx.scene.input.MouseButton.PRIMARY, 1, false, false, false, false,
                            true, false, false, true, false, false, null));
                });
            }
            if (scenario.equals("batch")) {
                Platform.runLater(() -> ((ButtonBase) node("#batchButton")).fire());
            }
            Thread.sleep(1200);
            Platform.runLater(() -> {
                try {
                    Scene scene = scenario.equals("batch") ? Window.getWindows().stream()
                            .filter(w -> w instanceof javafx.stage.Stage s && s.getTitle().startsWith("Batch"))
                            .findFirst().orElseThrow().getScene() : mainScene();
                    ImageIO.write(SwingFXUtils.fromFXImage(scene.snapshot(null), null), "png", output.toFile());
                    System.out.println("Wrote " + output.toAbsolutePath());
                } catch (Exception e) {
                    e.printStackTrace();
                } finally {
                    Platform.exit();
                }
            });
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static void waitUntil(java.util.function.BooleanSupplier condition) throws InterruptedException {
        for (int i = 0; i < 600; i++) {
            java.util.concurrent.CompletableFuture<Boolean> done = new java.util.concurrent.CompletableFuture<>();
            Runnable check = () -> {
                try {
                    done.complete(mainScene() != null && condition.getAsBoolean());
                } catch (RuntimeException e) {
                    done.complete(false);
                }
            };
            try {
                Platform.runLater(check);
            } catch (IllegalStateException toolkitNotStartedYet) {
                Thread.sleep(100);
                continue;
            }
            try {
                if (done.get()) {
                    return;
                }
            } catch (java.util.concurrent.ExecutionException e) {
                throw new IllegalStateException(e);
            }
            Thread.sleep(100);
        }
        throw new IllegalStateException("The demo did not reach the expected state in 60 s");
    }

    private static Scene mainScene() {
        return Window.getWindows().stream().filter(w -> w instanceof javafx.stage.Stage)
                .map(Window::getScene).filter(java.util.Objects::nonNull).findFirst().orElse(null);
    }

    private static Node node(String selector) {
        Scene scene = mainScene();
        return scene == null ? null : scene.lookup(selector);
    }

    private GuiScreenshotDemo() {
    }
}
