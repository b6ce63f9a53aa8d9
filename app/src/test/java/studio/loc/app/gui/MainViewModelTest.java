package studio.loc.app.gui;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import java.util.prefs.Preferences;
import javafx.scene.image.Image;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import studio.loc.hypernet.engine.LearnedChange;

/** The view-model without any window: commands in, properties out (the FX thread only delivers state). */
class MainViewModelTest {

    private static final Duration WAIT = Duration.ofSeconds(10);

    @TempDir
    Path dir;
    private Preferences prefs;
    private MainViewModel viewModel;
    private FakeEditEngine engine;

    @BeforeAll
    static void toolkit() throws Exception {
        FxTestSupport.startHeadless();
    }

    @BeforeEach
    void setUp() throws Exception {
        prefs = Preferences.userRoot().node("studio/loc/test/" + UUID.randomUUID());
        GuiSettings settings = new GuiSettings(prefs);
        settings.setLibraryFolder(dir.resolve("library"));
        engine = new FakeEditEngine("tiny", dir, 2);
        viewModel = FxTestSupport.onFx(() -> MainViewModel.create(new DiffusionPictureFiles(), settings));
        FxTestSupport.onFx(() -> viewModel.useEngine(engine));
    }

    @AfterEach
    void tearDown() throws Exception {
        FxTestSupport.onFx(viewModel::close);
        prefs.removeNode();
    }

    @Test
    void samplesLoadAllQueriesAndLearnThenApplyShowsAnEditedResult() throws Exception {
        Path images = dir.resolve("samples/images");
        TestImages.writeScene(images.resolve("before.png"), 64, 48, 0, 0);
        TestImages.writeScene(images.resolve("after.jpg"), 64, 48, 0.9, 0);
        TestImages.writeScene(images.resolve("query-a.png"), 80, 60, 0, 1);
        TestImages.writeScene(images.resolve("query-b.png"), 50, 70, 0, 2);
        SampleImages samples = SampleImages.near(dir.resolve("model")).orElseThrow();
        assertEquals(2, samples.queries().size());

        FxTestSupport.onFx(() -> viewModel.loadSamples(samples));
        FxTestSupport.waitFor("pair and queries loaded", WAIT, () -> viewModel.pair().canLearnBinding().get()
                && viewModel.filmstrip().queries().size() == 2);
        FxTestSupport.onFx(viewModel.pair()::learn);
        FxTestSupport.waitFor("result", WAIT, () -> viewModel.preview().resultImageProperty().get() != null);

        Image original = viewModel.preview().originalImageProperty().get();
        Image result = viewModel.preview().resultImageProperty().get();
        assertEquals(original.getWidth(), result.getWidth());
        assertEquals(80, (int) result.getWidth(), "the selected (first) query is edited at its own size");
        assertTrue(meanRed(result) > meanRed(original) + 0.02, "warm change makes the photo redder");
        assertTrue(viewModel.preview().changeProperty().get().learnMillis() > 0);
    }

    @Test
    void strengthChangeRerendersWithoutRelearning() throws Exception {
        loadPairAndQuery();
        FxTestSupport.onFx(viewModel.pair()::learn);
        FxTestSupport.waitFor("first result", WAIT, () -> viewModel.preview().resultImageProperty().get() != null);
        Image first = viewModel.preview().resultImageProperty().get();

        FxTestSupport.onFx(() -> viewModel.preview().strengthProperty().set(-1.0));
        FxTestSupport.waitFor("re-rendered result", WAIT, () -> viewModel.preview().resultImageProperty().get() != first
                && !viewModel.preview().resultStaleProperty().get());
        Image undone = viewModel.preview().resultImageProperty().get();
        assertTrue(meanRed(undone) < meanRed(viewModel.preview().originalImageProperty().get()),
                "−1 reverses the change");
        assertEquals(1, engine.learns.get(), "strength never re-learns");
        assertTrue(engine.applies.get() >= 2);
    }

    @Test
    void cancelStopsAnApplyAndLeavesNoResult() throws Exception {
        loadPairAndQuery();
        FxTestSupport.onFx(viewModel.pair()::learn);
        FxTestSupport.waitFor("first result", WAIT, () -> viewModel.preview().resultImageProperty().get() != null);
        FxTestSupport.onFx(() -> {
            viewModel.preview().stepsProperty().set(2000); // about 4 s with the fake's 2 ms steps
            viewModel.preview().apply();
        });
        FxTestSupport.waitFor("progress", WAIT, () -> viewModel.status().progressProperty().get() > 0);
        FxTestSupport.onFx(viewModel::cancel);
        FxTestSupport.waitFor("cancelled", WAIT, () -> !viewModel.status().busyProperty().get());
        assertEquals("Cancelled.", viewModel.status().statusProperty().get());
    }

    @Test
    void learningRefinesOnlyWhenAskedAndARefinementCanBeCancelled() throws Exception {
        loadPairAndQuery();
        List<String> statuses = new java.util.concurrent.CopyOnWriteArrayList<>();
        FxTestSupport.onFx(() -> viewModel.status().statusProperty().addListener((obs, old, now) -> statuses.add(now)));
        FxTestSupport.onFx(viewModel.pair()::learn);
        FxTestSupport.waitFor("learned", WAIT, () -> viewModel.preview().changeProperty().get() != null
                && !viewModel.status().busyProperty().get());
        assertEquals(0, engine.lastRefineSteps.get(), "off by default: the hypernetwork's change as is");
        LearnedChange plain = viewModel.preview().changeProperty().get();

        FxTestSupport.onFx(() -> {
            viewModel.pair().refineProperty().set(true);
            viewModel.pair().refineStepsProperty().set(30);
            viewModel.pair().learn();
        });
        FxTestSupport.waitFor("refined", WAIT, () -> viewModel.preview().changeProperty().get() != plain
                && !viewModel.status().busyProperty().get());
        assertEquals(30, engine.lastRefineSteps.get());
        assertTrue(statuses.stream().anyMatch(s -> s.startsWith("Learned and refined the change (30 steps)")),
                statuses.toString());

        LearnedChange refined = viewModel.preview().changeProperty().get();
        FxTestSupport.onFx(() -> {
            viewModel.pair().refineStepsProperty().set(2000); // about 4 s with the fake's 2 ms steps
            viewModel.pair().learn();
        });
        FxTestSupport.waitFor("refining", WAIT, () -> engine.lastRefineSteps.get() == 2000
                && viewModel.status().progressProperty().get() > 0);
        FxTestSupport.onFx(viewModel::cancel);
        FxTestSupport.waitFor("cancelled", WAIT, () -> !viewModel.status().busyProperty().get());
        assertEquals("Cancelled.", viewModel.status().statusProperty().get());
        assertEquals(refined, viewModel.preview().changeProperty().get(),
                "a cancelled refinement keeps the change there was");
    }

    @Test
    void savedChangeAppearsInLibraryAndLoadsBack() throws Exception {
        loadPairAndQuery();
        FxTestSupport.onFx(viewModel.pair()::learn);
        FxTestSupport.waitFor("learned", WAIT, () -> viewModel.preview().changeProperty().get() != null
                && !viewModel.status().busyProperty().get());
        Path file = FxTestSupport.onFx(() -> viewModel.library().changeFileFor("Warm: sunset/1"));
        assertEquals("Warm_ sunset_1.loc.safetensors", file.getFileName().toString());
        FxTestSupport.onFx(() -> viewModel.library().save("Warm: sunset/1", file));
        FxTestSupport.waitFor("library lists it", WAIT, () -> viewModel.library().items().size() == 1);
        assertTrue(viewModel.library().items().getFirst().usable());
        assertNotNull(viewModel.library().items().getFirst().before());

        FxTestSupport.onFx(() -> viewModel.library().load(file));
        FxTestSupport.waitFor("loaded", WAIT, () -> viewModel.status().statusProperty().get().startsWith("Loaded")
                || viewModel.status().statusProperty().get().startsWith("Applied"));
        assertEquals("Warm: sunset/1", viewModel.preview().changeProperty().get().name());
    }

    @Test
    void changeForAnotherModelIsListedWithTheEnginesExplanation() throws Exception {
        loadPairAndQuery();
        Path library = Files.createDirectories(dir.resolve("library"));
        try (FakeEditEngine other = new FakeEditEngine("huge", dir, 0)) {
            FxTestSupport.onFx(viewModel.pair()::learn);
            FxTestSupport.waitFor("learned", WAIT, () -> viewModel.preview().changeProperty().get() != null);
            var change = viewModel.preview().changeProperty().get();
            other.save(new studio.loc.hypernet.engine.LearnedChange("Other", "huge", change.created(),
                    change.beforeThumbnailPng(), change.afterThumbnailPng(), 0, change.payload()),
                    library.resolve("Other.loc.safetensors"));
        }
        FxTestSupport.onFx(viewModel.library()::refresh);
        FxTestSupport.waitFor("listed", WAIT, () -> viewModel.library().items().size() == 1);
        assertFalse(viewModel.library().items().getFirst().usable());
        assertTrue(viewModel.library().items().getFirst().problem().contains("huge"));

        FxTestSupport.onFx(() -> viewModel.library().load(library.resolve("Other.loc.safetensors")));
        FxTestSupport.waitFor("explained", WAIT, () -> viewModel.status().noticeProperty().get() != null);
        assertTrue(viewModel.status().noticeProperty().get().text().contains("“huge”"));
    }

    @Test
    void exportRefusesTheOriginalUnlessConfirmedAndKeepsTheSize() throws Exception {
        Path query = loadPairAndQuery();
        FxTestSupport.onFx(viewModel.pair()::learn);
        FxTestSupport.waitFor("result", WAIT, () -> viewModel.export().canExportBinding().get());
        long originalSize = Files.size(query);
        FxTestSupport.onFx(() -> viewModel.export().export(query, false));
        FxTestSupport.waitFor("refused", WAIT, () -> viewModel.status().noticeProperty().get() != null);
        assertTrue(viewModel.status().noticeProperty().get().text().contains("original"));
        assertEquals(originalSize, Files.size(query));

        Path out = dir.resolve("out/edited.tif");
        Files.createDirectories(out.getParent());
        FxTestSupport.onFx(() -> viewModel.export().export(out, false));
        FxTestSupport.waitFor("exported", WAIT, () -> Files.exists(out) && !viewModel.status().busyProperty().get());
        try (var picture = new DiffusionPictureFiles().read(out)) {
            assertEquals(80, picture.width());
            assertEquals(60, picture.height());
        }
    }

    @Test
    void corruptFileIsRefusedInItsSlot() throws Exception {
        Path corrupt = TestImages.writeCorrupt(dir.resolve("broken.png"));
        FxTestSupport.onFx(() -> viewModel.pair().loadBefore(corrupt));
        FxTestSupport.waitFor("refused", WAIT, () -> viewModel.pair().before().errorProperty().get() != null);
        assertTrue(viewModel.pair().before().errorProperty().get().contains("broken.png"),
                viewModel.pair().before().errorProperty().get());
        assertFalse(viewModel.pair().before().hasPicture());
    }

    @Test
    void aModelThatCannotBeOpenedIsExplainedOnceWithoutJavaClassNames() throws Exception {
        Path folder = dir.resolve("models/broken");
        String reason = "Cannot open the model in " + folder + ": java.nio.file.NoSuchFileException: "
                + folder.resolve("config.json");
        MainViewModel failing = FxTestSupport.onFx(() -> MainViewModel.create(new DiffusionPictureFiles(),
                new GuiSettings(prefs)));
        try {
            FxTestSupport.onFx(() -> failing.openEngine(f -> {
                throw new studio.loc.hypernet.engine.EngineException(reason);
            }, folder));
            FxTestSupport.waitFor("failed", WAIT,
                    () -> failing.session().stateProperty().get() == EngineSession.State.FAILED);
            String told = failing.status().noticeProperty().get().text();
            assertEquals("Cannot open the model in " + folder + ": " + folder.resolve("config.json"), told);
            assertTrue(failing.status().noticeProperty().get().error());
        } finally {
            FxTestSupport.onFx(failing::close);
        }
    }

    @Test
    void aFailureThatDoesNotNameTheFolderIsGivenIt() throws Exception {
        Path folder = dir.resolve("models/odd");
        MainViewModel failing = FxTestSupport.onFx(() -> MainViewModel.create(new DiffusionPictureFiles(),
                new GuiSettings(prefs)));
        try {
            FxTestSupport.onFx(() -> failing.openEngine(f -> {
                throw new java.io.UncheckedIOException(new java.io.IOException("disk unplugged"));
            }, folder));
            FxTestSupport.waitFor("failed", WAIT,
                    () -> failing.session().stateProperty().get() == EngineSession.State.FAILED);
            assertEquals("Could not open the model in " + folder + ": Something went wrong: disk unplugged",
                    failing.status().noticeProperty().get().text());
        } finally {
            FxTestSupport.onFx(failing::close);
        }
    }

    private Path loadPairAndQuery() throws Exception {
        Path before = TestImages.writeScene(dir.resolve("b.png"), 64, 48, 0, 0);
        Path after = TestImages.writeScene(dir.resolve("a.png"), 64, 48, 0.9, 0);
        Path query = TestImages.writeScene(dir.resolve("q.png"), 80, 60, 0, 1);
        FxTestSupport.onFx(() -> {
            viewModel.pair().loadBefore(before);
            viewModel.pair().loadAfter(after);
            viewModel.filmstrip().add(List.of(query));
        });
        FxTestSupport.waitFor("loaded", WAIT, () -> viewModel.pair().canLearnBinding().get()
                && viewModel.filmstrip().selectedProperty().get() != null);
        return query;
    }

    static double meanRed(Image image) {
        var reader = image.getPixelReader();
        double sum = 0;
        int w = (int) image.getWidth();
        int h = (int) image.getHeight();
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) {
                sum += reader.getColor(x, y).getRed();
            }
        }
        return sum / (w * h);
    }
}
