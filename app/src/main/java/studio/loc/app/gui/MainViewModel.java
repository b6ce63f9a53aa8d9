package studio.loc.app.gui;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.concurrent.Executor;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import javafx.application.Platform;
import javafx.beans.binding.BooleanBinding;
import javafx.beans.property.DoubleProperty;
import javafx.beans.property.BooleanProperty;
import javafx.beans.property.IntegerProperty;
import javafx.beans.property.LongProperty;
import javafx.beans.property.ObjectProperty;
import javafx.beans.property.ReadOnlyBooleanProperty;
import javafx.beans.property.ReadOnlyBooleanWrapper;
import javafx.beans.property.ReadOnlyDoubleProperty;
import javafx.beans.property.ReadOnlyDoubleWrapper;
import javafx.beans.property.ReadOnlyObjectProperty;
import javafx.beans.property.ReadOnlyObjectWrapper;
import javafx.beans.property.ReadOnlyStringProperty;
import javafx.beans.property.ReadOnlyStringWrapper;
import javafx.beans.property.SimpleDoubleProperty;
import javafx.beans.property.SimpleBooleanProperty;
import javafx.beans.property.SimpleIntegerProperty;
import javafx.beans.property.SimpleLongProperty;
import javafx.beans.property.SimpleObjectProperty;
import javafx.collections.FXCollections;
import javafx.collections.ObservableList;
import javafx.scene.image.Image;
import studio.loc.app.gui.library.ChangeLibrary;
import studio.loc.app.gui.library.LibraryItem;
import studio.loc.app.gui.task.BackgroundTask;
import studio.loc.app.gui.task.Work;
import studio.loc.diffusion.image.OpenCv;
import studio.loc.diffusion.image.Picture;
import studio.loc.diffusion.sample.SamplingOptions;
import studio.loc.hypernet.engine.ChangeEngine;
import studio.loc.hypernet.engine.EngineException;
import studio.loc.hypernet.engine.EngineFactory;
import studio.loc.hypernet.engine.LearnedChange;
import studio.loc.hypernet.engine.ModelInfo;
import studio.loc.hypernet.engine.PreparedChange;

/**
 * Everything the main window shows and every command it offers, without a Stage: views bind to the read-only
 * properties and call the command methods. The model runs on one engine thread, files are decoded on one I/O
 * thread, and state changes happen on the UI thread only.
 *
 * <p>Pictures (native memory) are closed on the engine thread, queued behind any work that may still use them.
 */
public final class MainViewModel implements AutoCloseable {

    public static final double MIN_STRENGTH = ChangeEngine.MIN_STRENGTH;
    public static final double MAX_STRENGTH = ChangeEngine.MAX_STRENGTH;
    public static final double DEFAULT_STRENGTH = 1.0;
    /**
     * Refinement steps when refining is switched on. On synthetic validation pairs 50 steps gained 0.70 dB and 200
     * steps 0.79 dB over the unrefined change, for 4 times the wait (see docs/quality.md).
     */
    public static final int DEFAULT_REFINE_STEPS = 50;
    /** How long the strength slider must rest before the edit is re-rendered. */
    public static final Duration RERENDER_DELAY = Duration.ofMillis(300);
    static final int PAIR_THUMBNAIL_SIDE = 480;
    static final int FILMSTRIP_THUMBNAIL_SIDE = 160;
    static final int LIBRARY_THUMBNAIL_SIDE = 96;
    static final String NEW_CHANGE_NAME = "Untitled change";

    /** Where the model stands. */
    public enum EngineState { NOT_LOADED, LOADING, READY, FAILED }

    private final PictureFiles files;
    private final GuiSettings settings;
    private final Executor engineThread;
    private final Executor ioThread;
    private final Executor uiThread;
    private final ScheduledExecutorService timer;
    private final List<ExecutorService> ownedExecutors = new ArrayList<>();

    private ChangeEngine engine;
    private boolean closed;
    /** A change file the user opened the app with (double-click), loaded as soon as the model is ready. */
    private Path changeOnReady;
    private Picture resultPicture;
    /** The selected photo, decoded; null while it loads. */
    private Picture queryPicture;
    private BackgroundTask<?> currentTask;
    private BackgroundTask<?> applyTask;
    private ScheduledFuture<?> pendingRerender;

    private final ReadOnlyObjectWrapper<EngineState> engineState = new ReadOnlyObjectWrapper<>(EngineState.NOT_LOADED);
    private final ReadOnlyObjectWrapper<ModelInfo> model = new ReadOnlyObjectWrapper<>();
    private final ImageSlot before = new ImageSlot("Before");
    private final ImageSlot after = new ImageSlot("After");
    private final ObservableList<QueryItem> queries = FXCollections.observableArrayList();
    private final ObjectProperty<QueryItem> selectedQuery = new SimpleObjectProperty<>(this, "selectedQuery");
    private final ReadOnlyObjectWrapper<LearnedChange> change = new ReadOnlyObjectWrapper<>(this, "change");
    private final ReadOnlyObjectWrapper<Image> originalImage = new ReadOnlyObjectWrapper<>(this, "originalImage");
    private final ReadOnlyObjectWrapper<Image> resultImage = new ReadOnlyObjectWrapper<>(this, "resultImage");
    private final DoubleProperty strength = new SimpleDoubleProperty(this, "strength", DEFAULT_STRENGTH);
    private final IntegerProperty steps = new SimpleIntegerProperty(this, "steps",
            SamplingOptions.DEFAULTS.steps());
    private final LongProperty seed = new SimpleLongProperty(this, "seed", SamplingOptions.DEFAULTS.seed());
    private final DoubleProperty guidance = new SimpleDoubleProperty(this, "guidance",
            SamplingOptions.DEFAULTS.guidance());
    private final BooleanProperty refine = new SimpleBooleanProperty(this, "refine", false);
    private final IntegerProperty refineSteps = new SimpleIntegerProperty(this, "refineSteps", DEFAULT_REFINE_STEPS);
    private final ReadOnlyBooleanWrapper busy = new ReadOnlyBooleanWrapper(this, "busy");
    private final ReadOnlyDoubleWrapper progress = new ReadOnlyDoubleWrapper(this, "progress", 0);
    private final ReadOnlyStringWrapper taskMessage = new ReadOnlyStringWrapper(this, "taskMessage", "");
    private final ReadOnlyStringWrapper status = new ReadOnlyStringWrapper(this, "status", "");
    private final ReadOnlyObjectWrapper<Notice> notice = new ReadOnlyObjectWrapper<>(this, "notice");
    private final ReadOnlyObjectWrapper<Path> libraryFolder = new ReadOnlyObjectWrapper<>(this, "libraryFolder");
    private final ObservableList<LibraryItem> library = FXCollections.observableArrayList();
    private final ReadOnlyBooleanWrapper resultStale = new ReadOnlyBooleanWrapper(this, "resultStale");
    private final ReadOnlyBooleanWrapper queryReady = new ReadOnlyBooleanWrapper(this, "queryReady");

    private final BooleanBinding canLearn;
    private final BooleanBinding canApply;
    private final BooleanBinding canSave;
    private final BooleanBinding canExport;

    /**
     * @param engineThread runs model work, one job at a time
     * @param ioThread decodes picture files
     * @param uiThread where state changes are delivered (the JavaFX thread in the app)
     */
    public MainViewModel(PictureFiles files, GuiSettings settings, Executor engineThread, Executor ioThread,
                         Executor uiThread) {
        this.files = Objects.requireNonNull(files);
        this.settings = Objects.requireNonNull(settings);
        this.engineThread = engineThread;
        this.ioThread = ioThread;
        this.uiThread = uiThread;
        this.timer = Executors.newSingleThreadScheduledExecutor(daemon("loc-debounce"));
        libraryFolder.set(settings.libraryFolder());

        BooleanBinding ready = engineState.isEqualTo(EngineState.READY);
        canLearn = ready.and(before.fileProperty().isNotNull()).and(after.fileProperty().isNotNull()).and(busy.not());
        canApply = ready.and(change.isNotNull()).and(selectedQuery.isNotNull()).and(queryReady);
        canSave = ready.and(change.isNotNull()).and(busy.not());
        canExport = resultImage.isNotNull().and(busy.not());

        selectedQuery.addListener((obs, old, now) -> onQuerySelected(now));
        strength.addListener((obs, old, now) -> scheduleRerender());
        steps.addListener((obs, old, now) -> scheduleRerender());
        seed.addListener((obs, old, now) -> scheduleRerender());
        guidance.addListener((obs, old, now) -> scheduleRerender());
    }

    /** The application's view-model: its own engine and I/O threads, state delivered on the JavaFX thread. */
    public static MainViewModel create(PictureFiles files, GuiSettings settings) {
        ExecutorService engineThread = Executors.newSingleThreadExecutor(daemon("loc-engine"));
        ExecutorService ioThread = Executors.newSingleThreadExecutor(daemon("loc-io"));
        MainViewModel viewModel = new MainViewModel(files, settings, engineThread, ioThread, Platform::runLater);
        viewModel.ownedExecutors.add(engineThread);
        viewModel.ownedExecutors.add(ioThread);
        return viewModel;
    }

    // ---------------------------------------------------------------- state

    public ReadOnlyObjectProperty<EngineState> engineStateProperty() {
        return engineState.getReadOnlyProperty();
    }

    public ReadOnlyObjectProperty<ModelInfo> modelProperty() {
        return model.getReadOnlyProperty();
    }

    public ImageSlot before() {
        return before;
    }

    public ImageSlot after() {
        return after;
    }

    public ObservableList<QueryItem> queries() {
        return FXCollections.unmodifiableObservableList(queries);
    }

    /** Which query is shown and edited; the filmstrip selection writes it. */
    public ObjectProperty<QueryItem> selectedQueryProperty() {
        return selectedQuery;
    }

    public ReadOnlyObjectProperty<LearnedChange> changeProperty() {
        return change.getReadOnlyProperty();
    }

    public ReadOnlyObjectProperty<Image> originalImageProperty() {
        return originalImage.getReadOnlyProperty();
    }

    public ReadOnlyObjectProperty<Image> resultImageProperty() {
        return resultImage.getReadOnlyProperty();
    }

    /** True while the shown result no longer matches the strength or settings (a re-render is on its way). */
    public ReadOnlyBooleanProperty resultStaleProperty() {
        return resultStale.getReadOnlyProperty();
    }

    /** −1 undoes the change, 0 leaves the photo as it is, 1 is the change as learned, 2 exaggerates it. */
    public DoubleProperty strengthProperty() {
        return strength;
    }

    public IntegerProperty stepsProperty() {
        return steps;
    }

    /** Whether learning refines the hypernetwork's change on the example pair (seconds instead of milliseconds). */
    public BooleanProperty refineProperty() {
        return refine;
    }

    /** Optimisation steps of a refinement (used when {@link #refineProperty()} is on). */
    public IntegerProperty refineStepsProperty() {
        return refineSteps;
    }

    public LongProperty seedProperty() {
        return seed;
    }

    public DoubleProperty guidanceProperty() {
        return guidance;
    }

    public ReadOnlyBooleanProperty busyProperty() {
        return busy.getReadOnlyProperty();
    }

    /** Progress of the running model task: 0..1, or −1 when unknown. */
    public ReadOnlyDoubleProperty progressProperty() {
        return progress.getReadOnlyProperty();
    }

    public ReadOnlyStringProperty taskMessageProperty() {
        return taskMessage.getReadOnlyProperty();
    }

    public ReadOnlyStringProperty statusProperty() {
        return status.getReadOnlyProperty();
    }

    public ReadOnlyObjectProperty<Notice> noticeProperty() {
        return notice.getReadOnlyProperty();
    }

    public ReadOnlyObjectProperty<Path> libraryFolderProperty() {
        return libraryFolder.getReadOnlyProperty();
    }

    public ObservableList<LibraryItem> library() {
        return FXCollections.unmodifiableObservableList(library);
    }

    public BooleanBinding canLearnBinding() {
        return canLearn;
    }

    public BooleanBinding canApplyBinding() {
        return canApply;
    }

    public BooleanBinding canSaveBinding() {
        return canSave;
    }

    public BooleanBinding canExportBinding() {
        return canExport;
    }

    public GuiSettings settings() {
        return settings;
    }

    /**
     * A task for other windows (the batch dialog) that needs the engine: it queues behind the main window's model
     * work on the engine thread. The caller adds callbacks, then {@code executeWith(engineThread())}.
     */
    public <V> BackgroundTask<V> engineTask(EngineWork<V> work) {
        ChangeEngine current = engine;
        return BackgroundTask.<V>wrap((p, c) -> {
            if (current == null) {
                throw new EngineException("The model is not loaded yet. Wait for “Model … ready” and try again.");
            }
            return work.run(current, p, c);
        }).deliverOn(uiThread);
    }

    /** The one thread that runs model work. */
    public Executor engineThread() {
        return engineThread;
    }

    /** Where state changes are delivered (the JavaFX thread in the app). */
    public Executor uiThread() {
        return uiThread;
    }

    /** The sampler settings the main window currently shows. */
    public SamplingOptions samplerSettings() {
        ModelInfo info = model.get();
        SamplingOptions defaults = info == null ? SamplingOptions.DEFAULTS : info.defaults();
        return defaults.with(steps.get(), seed.get(), guidance.get());
    }

    // ---------------------------------------------------------------- commands: model

    /** Opens the model folder on the engine thread; the window is usable (and says "Loading model…") meanwhile. */
    public void openEngine(EngineFactory factory, Path modelFolder) {
        engineState.set(EngineState.LOADING);
        status.set("Loading model…");
        BackgroundTask.wrap((p, c) -> {
            OpenCv.ensureLoaded();
            return factory.open(modelFolder);
        }).deliverOn(uiThread).onSuccess(this::useEngine).onFailure(e -> {
            engineState.set(EngineState.FAILED);
            status.set("No model loaded.");
            tell("Could not open the model in " + modelFolder + ": " + UserMessages.describe(e), true);
        }).executeWith(engineThread);
    }

    /** Takes an already open engine (tests, and {@link #openEngine} once it has opened one). */
    public void useEngine(ChangeEngine openedEngine) {
        Objects.requireNonNull(openedEngine);
        if (closed) { // the window closed while the model was loading
            engineThread.execute(openedEngine::close);
            return;
        }
        this.engine = openedEngine;
        ModelInfo info = openedEngine.model();
        model.set(info);
        resetAdvanced();
        engineState.set(EngineState.READY);
        status.set("Model “" + info.name() + "” ready.");
        refreshLibrary();
        if (changeOnReady != null) {
            Path file = changeOnReady;
            changeOnReady = null;
            loadChange(file);
        }
    }

    /** Loads {@code file} now if the model is ready, else as soon as it is (opening the app with a change file). */
    public void loadChangeWhenReady(Path file) {
        if (engine != null) {
            loadChange(file);
        } else {
            changeOnReady = file;
        }
    }

    /** Puts steps, seed and guidance back to the model's defaults. */
    public void resetAdvanced() {
        ModelInfo info = model.get();
        if (info != null && info.defaults() != null) {
            SamplingOptions defaults = info.defaults();
            steps.set(defaults.steps());
            seed.set(defaults.seed());
            guidance.set(defaults.guidance());
        }
    }

    // ---------------------------------------------------------------- commands: pictures

    public void loadBefore(Path file) {
        loadInto(before, file);
    }

    public void loadAfter(Path file) {
        loadInto(after, file);
    }

    /** Loads the bundled example pair and its query photos. */
    public void loadSamples(SampleImages samples) {
        loadBefore(samples.before());
        loadAfter(samples.after());
        addQueries(samples.queries());
        status.set("Sample photos loaded — press “Learn change” to see an edit.");
    }

    /** Adds photos to the filmstrip; files that cannot be read are reported and skipped. */
    public void addQueries(List<Path> paths) {
        for (Path file : paths) {
            settings.rememberFolder(GuiSettings.Folder.QUERY, file);
            BackgroundTask.wrap((p, c) -> {
                try (Picture picture = files.read(file)) {
                    return new QueryItem(file, FxPictures.thumbnail(picture, FILMSTRIP_THUMBNAIL_SIDE),
                            picture.width(), picture.height(), picture.bitDepth());
                }
            }).deliverOn(uiThread).onSuccess(item -> {
                queries.add(item);
                if (selectedQuery.get() == null) {
                    selectedQuery.set(item);
                }
            }).onFailure(e -> tell(file.getFileName() + " was not added: " + UserMessages.describe(e), true))
                    .executeWith(ioThread);
        }
    }

    public void removeQuery(QueryItem item) {
        int index = queries.indexOf(item);
        if (index < 0) {
            return;
        }
        queries.remove(index);
        if (selectedQuery.get() == item) {
            selectedQuery.set(queries.isEmpty() ? null : queries.get(Math.min(index, queries.size() - 1)));
        }
    }

    // ---------------------------------------------------------------- commands: learn and apply

    /** Learns the change from the example pair, then shows it on the selected photo. */
    public void learn() {
        if (!canLearn.get()) {
            return;
        }
        Picture beforePicture = before.picture();
        Picture afterPicture = after.picture();
        ChangeEngine learner = engine;
        int refining = refine.get() ? refineSteps.get() : 0;
        runEngineTask(refining > 0 ? "Learning and refining the change…" : "Learning the change…", (p, c) -> {
            long start = System.nanoTime();
            LearnedChange learned = learner.learn(beforePicture, afterPicture, NEW_CHANGE_NAME, refining, p, c);
            long millis = (System.nanoTime() - start) / 1_000_000;
            return learned.learnMillis() > 0 ? learned : withLearnMillis(learned, millis);
        }, learned -> {
            change.set(learned);
            status.set((refining > 0 ? "Learned and refined the change (" + refining + " steps) in "
                    : "Learned the change in ") + Durations.describe(learned.learnMillis()) + ".");
            applyIfPossible();
        });
    }

    /** Edits the selected photo with the current change, strength and settings; replaces any edit in progress. */
    public void apply() {
        cancelPendingRerender();
        if (!canApply.get()) {
            return;
        }
        if (applyTask != null) {
            applyTask.cancel();
        }
        QueryItem query = selectedQuery.get();
        Picture photo = queryPicture;
        LearnedChange learned = change.get();
        double atStrength = strength.get();
        SamplingOptions sampler;
        try {
            sampler = samplerSettings();
        } catch (IllegalArgumentException e) {
            tell("Check the advanced settings: " + e.getMessage(), true);
            return;
        }
        ChangeEngine editor = engine;
        resultStale.set(true);
        applyTask = runEngineTask("Applying the change…", (p, c) -> {
            long start = System.nanoTime();
            Picture edited;
            try (PreparedChange prepared = editor.prepare(learned, atStrength)) {
                edited = prepared.apply(photo, sampler, p, c);
            }
            try {
                return new Rendered(query, edited, FxPictures.toImage(edited), atStrength,
                        (System.nanoTime() - start) / 1_000_000);
            } catch (RuntimeException | Error e) {
                edited.close();
                throw e;
            }
        }, this::showResult);
    }

    /** Stops the running model task at its next safe point. */
    public void cancel() {
        cancelPendingRerender();
        if (currentTask != null) {
            currentTask.cancel();
            status.set("Cancelling…");
        }
    }

    // ---------------------------------------------------------------- commands: change files and library

    /** Where "Save change" with this name writes, so the view can ask before overwriting. */
    public Path changeFileFor(String name) {
        return new ChangeLibrary(libraryFolder.get()).fileFor(name);
    }

    /** Names the current change and saves it into the library folder (or {@code file}). */
    public void saveChange(String name, Path file) {
        LearnedChange current = change.get();
        if (current == null || engine == null) {
            return;
        }
        String cleanName = name == null || name.isBlank() ? NEW_CHANGE_NAME : name.strip();
        LearnedChange named = new LearnedChange(cleanName, current.baseModel(), current.created(),
                current.beforeThumbnailPng(), current.afterThumbnailPng(), current.learnMillis(), current.payload(),
                current.carriedBy());
        ChangeEngine saver = engine;
        runEngineTask("Saving the change…", (p, c) -> {
            Files.createDirectories(file.toAbsolutePath().getParent());
            saver.save(named, file);
            return file;
        }, saved -> {
            if (change.get() == current) {
                change.set(named);
            }
            status.set("Saved “" + cleanName + "” to " + saved + ".");
            refreshLibrary();
        });
    }

    /** Loads a saved change and shows it on the selected photo; a change for another model is explained. */
    public void loadChange(Path file) {
        if (engine == null) {
            return;
        }
        ChangeEngine loader = engine;
        runEngineTask("Loading the change…", (p, c) -> loader.load(file), loaded -> {
            change.set(loaded);
            status.set("Loaded the change “" + loaded.name() + "”.");
            applyIfPossible();
        });
    }

    public void setLibraryFolder(Path folder) {
        settings.setLibraryFolder(folder);
        libraryFolder.set(folder.toAbsolutePath());
        refreshLibrary();
    }

    /** Re-reads the library folder (on the engine thread, which validates each file). */
    public void refreshLibrary() {
        if (engine == null) {
            return;
        }
        ChangeEngine reader = engine;
        ChangeLibrary folder = new ChangeLibrary(libraryFolder.get());
        BackgroundTask.wrap((p, c) -> {
            List<LibraryItem> items = new ArrayList<>();
            for (Path file : folder.changeFiles()) {
                items.add(describe(reader, file));
            }
            return items;
        }).deliverOn(uiThread).onSuccess(library::setAll)
                .onFailure(e -> tell("Could not read the change library: " + UserMessages.describe(e), true))
                .executeWith(engineThread);
    }

    // ---------------------------------------------------------------- commands: export

    /** True when {@code target} is the selected photo's own file: exporting there would overwrite the original. */
    public boolean isOriginalOfSelected(Path target) {
        QueryItem query = selectedQuery.get();
        if (query == null) {
            return false;
        }
        try {
            if (Files.exists(target) && Files.isSameFile(target, query.file())) {
                return true;
            }
        } catch (java.io.IOException e) {
            // fall through to a path comparison
        }
        return target.toAbsolutePath().normalize().equals(query.file().toAbsolutePath().normalize());
    }

    /** A file name suggestion for exporting the current result: "photo-edited.png". */
    public String suggestedExportName(ExportFormat format) {
        QueryItem query = selectedQuery.get();
        String base = query == null ? "edited" : query.name().replaceFirst("\\.[^.]+$", "") + "-edited";
        return base + format.extension();
    }

    /**
     * Writes the shown result. Refuses the original photo's own file unless {@code overwriteOriginal} (the view
     * asks the user first).
     */
    public void export(Path target, boolean overwriteOriginal) {
        Picture result = resultPicture;
        if (result == null) {
            return;
        }
        if (isOriginalOfSelected(target) && !overwriteOriginal) {
            tell("Not exported: " + target.getFileName() + " is the original photo. Choose another file name.", true);
            return;
        }
        settings.rememberFolder(GuiSettings.Folder.EXPORT, target);
        ExportFormat format = ExportFormat.forFile(target);
        runEngineTask("Exporting…", (p, c) -> {
            files.write(result, target, format);
            return target;
        }, written -> status.set("Exported " + written.getFileName() + " (" + format.name() + ") to "
                + written.toAbsolutePath().getParent() + "."));
    }

    // ---------------------------------------------------------------- lifetime

    @Override
    public void close() {
        closed = true;
        cancel();
        timer.shutdownNow();
        List<Picture> owned = new ArrayList<>();
        owned.add(before.clear());
        owned.add(after.clear());
        queries.clear();
        owned.add(queryPicture);
        queryPicture = null;
        owned.add(resultPicture);
        resultPicture = null;
        ChangeEngine closing = engine;
        engine = null;
        engineThread.execute(() -> {
            owned.forEach(MainViewModel::closeQuietly);
            if (closing != null) {
                closing.close();
            }
        });
        ownedExecutors.forEach(ExecutorService::shutdown);
    }

    // ---------------------------------------------------------------- internals

    private record Rendered(QueryItem query, Picture picture, Image image, double strength, long millis) {
    }

    private void loadInto(ImageSlot slot, Path file) {
        slot.startLoading();
        settings.rememberFolder(GuiSettings.Folder.PAIR, file);
        BackgroundTask.wrap((p, c) -> {
            Picture picture = files.read(file);
            try {
                return new LoadedPicture(picture, FxPictures.thumbnail(picture, PAIR_THUMBNAIL_SIDE));
            } catch (RuntimeException | Error e) {
                picture.close();
                throw e;
            }
        }).deliverOn(uiThread).onSuccess(loaded -> {
            closeLater(slot.accept(file, loaded.picture(), loaded.thumbnail()));
            if (change.get() != null) {
                status.set(slot.label() + " image replaced — press “Learn change” to learn the new example.");
            }
        }).onFailure(e -> slot.refuse(UserMessages.describe(e))).executeWith(ioThread);
    }

    /** A decoded picture with its on-screen image (a thumbnail for the example, full size for the photo). */
    private record LoadedPicture(Picture picture, Image thumbnail) {
    }

    private void onQuerySelected(QueryItem query) {
        cancelPendingRerender();
        if (applyTask != null) {
            applyTask.cancel();
        }
        clearResult();
        closeLater(queryPicture);
        queryPicture = null;
        queryReady.set(false);
        originalImage.set(null);
        if (query == null) {
            return;
        }
        status.set("Opening " + query.name() + "…");
        BackgroundTask.wrap((p, c) -> {
            Picture picture = files.read(query.file());
            try {
                return new LoadedPicture(picture, FxPictures.toImage(picture));
            } catch (RuntimeException | Error e) {
                picture.close();
                throw e;
            }
        }).deliverOn(uiThread).onSuccess(loaded -> {
            if (selectedQuery.get() != query) {
                closeLater(loaded.picture());
                return;
            }
            queryPicture = loaded.picture();
            originalImage.set(loaded.thumbnail());
            queryReady.set(true);
            status.set(query.name() + " — " + query.describeSize() + (change.get() == null
                    ? ". Drop an example pair, then press “Learn change” (Ctrl+L)." : "."));
            applyIfPossible();
        }).onFailure(e -> tell(query.name() + " could not be opened: " + UserMessages.describe(e), true))
                .executeWith(ioThread);
    }

    private void applyIfPossible() {
        if (canApply.get()) {
            apply();
        }
    }

    private void showResult(Rendered rendered) {
        if (selectedQuery.get() != rendered.query()) {
            closeLater(rendered.picture());
            return;
        }
        Picture old = resultPicture;
        resultPicture = rendered.picture();
        closeLater(old);
        resultImage.set(rendered.image());
        resultStale.set(Math.abs(rendered.strength() - strength.get()) > 1e-9);
        LearnedChange applied = change.get();
        String carriedBy = applied == null || applied.carriedBy().isEmpty() ? "" : "; " + applied.carriedBy();
        status.set(String.format(Locale.ROOT, "Applied at strength %.2f in %s%s.", rendered.strength(),
                Durations.describe(rendered.millis()), carriedBy));
    }

    private void clearResult() {
        closeLater(resultPicture);
        resultPicture = null;
        resultImage.set(null);
        resultStale.set(false);
    }

    /** Re-renders shortly after the last slider or settings change, without learning again. */
    private void scheduleRerender() {
        if (change.get() == null || selectedQuery.get() == null) {
            return;
        }
        resultStale.set(true);
        cancelPendingRerender();
        pendingRerender = timer.schedule(() -> uiThread.execute(this::applyIfPossible),
                RERENDER_DELAY.toMillis(), TimeUnit.MILLISECONDS);
    }

    private void cancelPendingRerender() {
        if (pendingRerender != null) {
            pendingRerender.cancel(false);
            pendingRerender = null;
        }
    }

    /** Runs model work on the engine thread with the shared busy/progress/message state and error reporting. */
    private <V> BackgroundTask<V> runEngineTask(String message, Work<V> work, Consumer<V> onSuccess) {
        BackgroundTask<V> task = BackgroundTask.wrap(work).withMessage(message).deliverOn(uiThread);
        currentTask = task;
        busy.set(true);
        progress.bind(task.progressProperty());
        taskMessage.bind(task.messageProperty());
        task.onSuccess(onSuccess)
                .onFailure(e -> tell(UserMessages.describe(e), true))
                .onCancelled(() -> {
                    if (currentTask == task) {
                        status.set("Cancelled.");
                    }
                })
                .onFinished(() -> {
                    if (currentTask == task) {
                        currentTask = null;
                        busy.set(false);
                        progress.unbind();
                        progress.set(0);
                        taskMessage.unbind();
                        taskMessage.set("");
                    }
                });
        return task.executeWith(engineThread);
    }

    private LibraryItem describe(ChangeEngine reader, Path file) {
        try {
            LearnedChange saved = reader.load(file);
            return new LibraryItem(file, saved.name(), saved.baseModel(),
                    FxPictures.fromPng(saved.beforeThumbnailPng()), FxPictures.fromPng(saved.afterThumbnailPng()), null);
        } catch (EngineException e) {
            return new LibraryItem(file, ChangeLibrary.displayName(file), "", null, null, e.getMessage());
        } catch (RuntimeException e) {
            return new LibraryItem(file, ChangeLibrary.displayName(file), "", null, null, UserMessages.describe(e));
        }
    }

    private static LearnedChange withLearnMillis(LearnedChange change, long millis) {
        return new LearnedChange(change.name(), change.baseModel(), change.created(), change.beforeThumbnailPng(),
                change.afterThumbnailPng(), millis, change.payload(), change.carriedBy());
    }

    private void tell(String text, boolean error) {
        notice.set(new Notice(text, error));
        status.set(text);
    }

    private void closeLater(Picture picture) {
        if (picture != null) {
            engineThread.execute(() -> closeQuietly(picture));
        }
    }

    private static void closeQuietly(Picture picture) {
        if (picture != null) {
            picture.close();
        }
    }

    private static java.util.concurrent.ThreadFactory daemon(String name) {
        return runnable -> {
            Thread thread = new Thread(runnable, name);
            thread.setDaemon(true);
            return thread;
        };
    }
}
