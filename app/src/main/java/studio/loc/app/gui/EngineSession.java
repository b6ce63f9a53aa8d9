package studio.loc.app.gui;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.function.Consumer;
import javafx.beans.property.ReadOnlyObjectProperty;
import javafx.beans.property.ReadOnlyObjectWrapper;
import studio.loc.app.batch.BatchListener;
import studio.loc.app.batch.BatchReport;
import studio.loc.app.batch.BatchRequest;
import studio.loc.app.batch.BatchService;
import studio.loc.app.batch.PictureFilesCodec;
import studio.loc.app.gui.library.ChangeLibrary;
import studio.loc.app.gui.library.LibraryItem;
import studio.loc.app.gui.task.BackgroundTask;
import studio.loc.app.gui.task.Work;
import studio.loc.app.messages.FailureMessages;
import studio.loc.app.messages.Texts;
import studio.loc.diffusion.image.OpenCv;
import studio.loc.diffusion.image.Picture;
import studio.loc.diffusion.io.Sha256;
import studio.loc.diffusion.progress.CancellationToken;
import studio.loc.diffusion.progress.ProgressListener;
import studio.loc.diffusion.sample.SamplingOptions;
import studio.loc.hypernet.engine.ChangeEngine;
import studio.loc.hypernet.engine.EngineException;
import studio.loc.hypernet.engine.EngineFactory;
import studio.loc.hypernet.engine.LearnedChange;
import studio.loc.hypernet.engine.ModelInfo;
import studio.loc.hypernet.engine.PreparedChange;

/**
 * The GUI's one door to the engine: it opens and owns the engine, says whether the model is ready, and turns each
 * engine call into {@link Work} for the engine thread. No other GUI class calls the engine.
 *
 * <p>Each piece of work takes the engine that is open when it is made, so work queued before closing still finishes.
 */
public final class EngineSession implements AutoCloseable {

    /** The most refinement steps one learn may take. */
    public static final int MAX_REFINE_STEPS = ChangeEngine.MAX_REFINE_STEPS;

    /** Where the model stands. */
    public enum State { NOT_LOADED, LOADING, READY, FAILED }

    private final GuiThreads threads;
    private final ReadOnlyObjectWrapper<State> state = new ReadOnlyObjectWrapper<>(this, "state", State.NOT_LOADED);
    private final ReadOnlyObjectWrapper<ModelInfo> model = new ReadOnlyObjectWrapper<>(this, "model");
    private ChangeEngine engine;
    private boolean closed;

    EngineSession(GuiThreads threads) {
        this.threads = threads;
    }

    public ReadOnlyObjectProperty<State> stateProperty() {
        return state.getReadOnlyProperty();
    }

    public ReadOnlyObjectProperty<ModelInfo> modelProperty() {
        return model.getReadOnlyProperty();
    }

    public boolean isReady() {
        return engine != null;
    }

    /**
     * Opens the model folder on the engine thread; the window stays usable meanwhile.
     *
     * @param onFailure gets a sentence for the user that names the folder once
     */
    void open(EngineFactory factory, Path modelFolder, Consumer<String> onFailure) {
        state.set(State.LOADING);
        BackgroundTask.wrap((p, c) -> {
            OpenCv.ensureLoaded();
            return factory.open(modelFolder);
        }).deliverOn(threads.ui()).onSuccess(this::use).onFailure(e -> {
            state.set(State.FAILED);
            String reason = FailureMessages.describe(e);
            // The engine's own message usually names the folder already; say it only once.
            onFailure.accept(reason.contains(modelFolder.toString()) ? reason
                    : Texts.format("model.openFailed", modelFolder, reason));
        }).executeWith(threads.engine());
    }

    /** Takes an already open engine (tests, and {@link #open} once it has opened one). */
    void use(ChangeEngine openedEngine) {
        Objects.requireNonNull(openedEngine);
        if (closed) { // the window closed while the model was loading
            threads.engine().execute(openedEngine::close);
            return;
        }
        engine = openedEngine;
        model.set(openedEngine.model());
        state.set(State.READY);
    }

    /** The model's own steps, seed and guidance, or null while no model is open. */
    SamplingOptions defaults() {
        ModelInfo info = model.get();
        return info == null ? null : info.defaults();
    }

    /**
     * Sampler settings from the window's fields on the open model's defaults (which keep its start fraction);
     * IllegalArgumentException says which one is out of range.
     */
    SamplingOptions sampler(int steps, long seed, double guidance) {
        SamplingOptions defaults = defaults();
        return (defaults == null ? SamplingOptions.DEFAULTS : defaults).with(steps, seed, guidance);
    }

    /** Learns the change from the pair; the time it took is recorded when the engine does not. */
    Work<LearnedChange> learn(Picture before, Picture after, String name, int refineSteps) {
        ChangeEngine learner = openEngine();
        return (p, c) -> {
            long start = System.nanoTime();
            LearnedChange learned = learner.learn(before, after, name, refineSteps, p, c);
            long millis = (System.nanoTime() - start) / 1_000_000;
            return learned.learnMillis() > 0 ? learned : withLearnMillis(learned, millis);
        };
    }

    /** Edits {@code photo}; the caller owns (and closes) the returned picture. */
    Work<Picture> apply(LearnedChange change, double strength, Picture photo, SamplingOptions sampler) {
        ChangeEngine editor = openEngine();
        return (p, c) -> {
            try (PreparedChange prepared = editor.prepare(change, strength)) {
                return prepared.apply(photo, sampler, p, c);
            }
        };
    }

    /**
     * Edits one photo after another with the same change (Export all); {@link PhotoEditor#edit} runs on the engine
     * thread.
     */
    PhotoEditor editor(LearnedChange change, double strength, SamplingOptions sampler) {
        ChangeEngine editor = openEngine();
        return (photo, p, c) -> {
            try (PreparedChange prepared = editor.prepare(change, strength)) {
                return prepared.apply(photo, sampler, p, c);
            }
        };
    }

    /** Edits a photo; the caller owns (and closes) the returned picture. */
    @FunctionalInterface
    interface PhotoEditor {
        Picture edit(Picture photo, ProgressListener progress, CancellationToken cancel) throws Exception;
    }

    Work<Path> save(LearnedChange change, Path file) {
        ChangeEngine saver = openEngine();
        return (p, c) -> {
            Files.createDirectories(file.toAbsolutePath().getParent());
            saver.save(change, file);
            return file;
        };
    }

    /** Renames a saved change: written under its new name to {@code target}, then the old file is removed. */
    Work<Path> rename(Path file, String name, Path target) {
        ChangeEngine renamer = openEngine();
        return (p, c) -> {
            LearnedChange saved = renamer.load(file);
            renamer.save(renamed(saved, name), target);
            if (!Files.isSameFile(file, target)) {
                Files.delete(file);
            }
            return target;
        };
    }

    Work<LearnedChange> load(Path file) {
        ChangeEngine loader = openEngine();
        return (p, c) -> loader.load(file);
    }

    /** Reads every change file of the library; one that cannot be used is listed with the reason. */
    Work<List<LibraryItem>> readLibrary(ChangeLibrary folder) {
        ChangeEngine reader = openEngine();
        return (p, c) -> {
            List<LibraryItem> items = new ArrayList<>();
            for (Path file : folder.changeFiles()) {
                items.add(describe(reader, file));
            }
            return items;
        };
    }

    /** Applies a saved change to folders of photos (the batch dialog); the change file is validated first. */
    public Work<BatchReport> batch(Path changeFile, List<Path> inputs, Path output, double strength,
                                   SamplingOptions sampler, BatchListener listener) {
        ChangeEngine batchEngine = engine;
        return (p, c) -> {
            if (batchEngine == null) {
                throw new EngineException(Texts.text("model.notLoaded"));
            }
            LearnedChange learned = batchEngine.load(changeFile);
            BatchRequest request = BatchRequest.builder(learned, Sha256.ofFile(changeFile), sampler)
                    .inputs(inputs).outputFolder(output).strength(strength).build();
            return new BatchService(batchEngine, new PictureFilesCodec()).run(request, listener, c);
        };
    }

    /** The same change under another name. */
    static LearnedChange renamed(LearnedChange change, String name) {
        return new LearnedChange(name, change.baseModel(), change.created(), change.beforeThumbnailPng(),
                change.afterThumbnailPng(), change.learnMillis(), change.payload(), change.carriedBy());
    }

    /** Closes the engine after the work queued before it. */
    @Override
    public void close() {
        closed = true;
        ChangeEngine closing = engine;
        engine = null;
        if (closing != null) {
            threads.engine().execute(closing::close);
        }
    }

    private ChangeEngine openEngine() {
        if (engine == null) {
            throw new IllegalStateException("No engine is open; callers check isReady() first");
        }
        return engine;
    }

    private static LibraryItem describe(ChangeEngine reader, Path file) {
        try {
            LearnedChange saved = reader.load(file);
            return new LibraryItem(file, saved.name(), saved.baseModel(), FxPictures.fromPng(saved.beforeThumbnailPng()),
                    FxPictures.fromPng(saved.afterThumbnailPng()), null);
        } catch (EngineException | RuntimeException e) {
            return new LibraryItem(file, ChangeLibrary.displayName(file), "", null, null, FailureMessages.describe(e));
        }
    }

    private static LearnedChange withLearnMillis(LearnedChange change, long millis) {
        return new LearnedChange(change.name(), change.baseModel(), change.created(), change.beforeThumbnailPng(),
                change.afterThumbnailPng(), millis, change.payload(), change.carriedBy());
    }
}
