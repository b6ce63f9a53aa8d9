package studio.loc.app.gui;

import java.nio.file.Path;
import java.util.Objects;
import studio.loc.app.messages.Texts;
import studio.loc.hypernet.engine.ChangeEngine;
import studio.loc.hypernet.engine.EngineFactory;

/**
 * The main window without a Stage: it makes the window's parts, each a view-model for one job, and wires what
 * one part's outcome means for another (a learned or loaded change is shown on the selected photo; a ready model
 * fills the library). Views bind to the parts' read-only properties and call their commands.
 */
public final class MainViewModel implements AutoCloseable {

    private final GuiSettings settings;
    private final GuiThreads threads;
    private final EngineSession session;
    private final StatusViewModel status;
    private final FilmstripViewModel filmstrip;
    private final PreviewViewModel preview;
    private final ExamplePairViewModel pair;
    private final LibraryViewModel library;
    private final ExportViewModel export;
    /** A change file the user opened the app with (double-click), loaded as soon as the model is ready. */
    private Path changeOnReady;

    public MainViewModel(PictureFiles files, GuiSettings settings, GuiThreads threads) {
        this.settings = Objects.requireNonNull(settings);
        this.threads = Objects.requireNonNull(threads);
        Objects.requireNonNull(files);
        session = new EngineSession(threads);
        status = new StatusViewModel(threads);
        filmstrip = new FilmstripViewModel(files, settings, threads, status);
        preview = new PreviewViewModel(session, files, threads, status, filmstrip.selectedProperty());
        pair = new ExamplePairViewModel(session, files, settings, threads, status, preview);
        library = new LibraryViewModel(session, settings, threads, status, preview);
        export = new ExportViewModel(session, files, settings, status, preview, filmstrip.selectedProperty(),
                filmstrip.queries());
        session.stateProperty().addListener((obs, old, now) -> {
            if (now == EngineSession.State.READY) {
                onModelReady();
            }
        });
    }

    /** The application's view-model: its own engine and I/O threads, state delivered on the JavaFX thread. */
    public static MainViewModel create(PictureFiles files, GuiSettings settings) {
        return new MainViewModel(files, settings, GuiThreads.create());
    }

    public GuiSettings settings() {
        return settings;
    }

    public GuiThreads threads() {
        return threads;
    }

    public EngineSession session() {
        return session;
    }

    public StatusViewModel status() {
        return status;
    }

    public FilmstripViewModel filmstrip() {
        return filmstrip;
    }

    public PreviewViewModel preview() {
        return preview;
    }

    public ExamplePairViewModel pair() {
        return pair;
    }

    public LibraryViewModel library() {
        return library;
    }

    public ExportViewModel export() {
        return export;
    }

    /** Opens the model folder on the engine thread; the window is usable (and says "Loading model…") meanwhile. */
    public void openEngine(EngineFactory factory, Path modelFolder) {
        status.say(Texts.text("model.loading"));
        session.open(factory, modelFolder, reason -> {
            status.say(Texts.text("model.none"));
            status.tell(reason, true);
        });
    }

    /** Takes an already open engine (tests, and {@link #openEngine} once it has opened one). */
    public void useEngine(ChangeEngine openedEngine) {
        session.use(openedEngine);
    }

    /** Loads {@code file} now if the model is ready, else as soon as it is (opening the app with a change file). */
    public void loadChangeWhenReady(Path file) {
        if (session.isReady()) {
            library.load(file);
        } else {
            changeOnReady = file;
        }
    }

    /** Loads the bundled example pair and its query photos. */
    public void loadSamples(SampleImages samples) {
        pair.loadBefore(samples.before());
        pair.loadAfter(samples.after());
        filmstrip.add(samples.queries());
        samples.queries().stream().map(q -> q.toAbsolutePath().getParent()).distinct().forEach(export::treatAsBundled);
        status.say(Texts.text("samples.loaded"));
    }

    /** Stops the running model task at its next safe point, and any re-render that was about to start. */
    public void cancel() {
        preview.cancelPendingRerender();
        status.cancel();
    }

    @Override
    public void close() {
        cancel();
        pair.close();
        filmstrip.clear();
        preview.close();
        session.close();
        threads.shutdown();
    }

    private void onModelReady() {
        status.say(Texts.format("model.ready", session.modelProperty().get().name()));
        library.refresh();
        if (changeOnReady != null) {
            Path file = changeOnReady;
            changeOnReady = null;
            library.load(file);
        }
    }
}
