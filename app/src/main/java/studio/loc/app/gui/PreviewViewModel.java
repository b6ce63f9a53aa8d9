package studio.loc.app.gui;

import java.time.Duration;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import javafx.beans.binding.BooleanBinding;
import javafx.beans.binding.ObjectExpression;
import javafx.beans.property.DoubleProperty;
import javafx.beans.property.IntegerProperty;
import javafx.beans.property.LongProperty;
import javafx.beans.property.ReadOnlyBooleanProperty;
import javafx.beans.property.ReadOnlyBooleanWrapper;
import javafx.beans.property.ReadOnlyObjectProperty;
import javafx.beans.property.ReadOnlyObjectWrapper;
import javafx.beans.property.SimpleDoubleProperty;
import javafx.beans.property.SimpleIntegerProperty;
import javafx.beans.property.SimpleLongProperty;
import javafx.scene.image.Image;
import studio.loc.app.gui.task.BackgroundTask;
import studio.loc.app.messages.Texts;
import studio.loc.diffusion.image.Picture;
import studio.loc.diffusion.sample.SamplingOptions;
import studio.loc.hypernet.engine.ChangeEngine;
import studio.loc.hypernet.engine.LearnedChange;

/**
 * The selected photo before and after the current change, at the chosen strength and sampler settings. Moving
 * the strength or a setting re-renders shortly after, without learning again.
 */
public final class PreviewViewModel {

    public static final double MIN_STRENGTH = ChangeEngine.MIN_STRENGTH;
    public static final double MAX_STRENGTH = ChangeEngine.MAX_STRENGTH;
    public static final double DEFAULT_STRENGTH = 1.0;
    /** Strengths are set in hundredths. */
    public static final double STRENGTH_STEP = 0.01;
    /** A strength this close to −1, 0, 1 or 2 snaps onto it, so a drag can land on "as learned" or "untouched". */
    public static final double STRENGTH_SNAP = 0.04;
    /** How long the strength slider must rest before the edit is re-rendered. */
    public static final Duration RERENDER_DELAY = Duration.ofMillis(300);

    private final EngineSession session;
    private final PictureFiles files;
    private final GuiThreads threads;
    private final StatusViewModel status;
    private final ObjectExpression<QueryItem> selectedQuery;

    private final ReadOnlyObjectWrapper<LearnedChange> change = new ReadOnlyObjectWrapper<>(this, "change");
    private final ReadOnlyObjectWrapper<Image> originalImage = new ReadOnlyObjectWrapper<>(this, "originalImage");
    private final ReadOnlyObjectWrapper<Image> resultImage = new ReadOnlyObjectWrapper<>(this, "resultImage");
    private final DoubleProperty strength = new SimpleDoubleProperty(this, "strength", DEFAULT_STRENGTH);
    private final IntegerProperty steps = new SimpleIntegerProperty(this, "steps",
            SamplingOptions.DEFAULTS.steps());
    private final LongProperty seed = new SimpleLongProperty(this, "seed", SamplingOptions.DEFAULTS.seed());
    private final DoubleProperty guidance = new SimpleDoubleProperty(this, "guidance",
            SamplingOptions.DEFAULTS.guidance());
    private final ReadOnlyBooleanWrapper resultStale = new ReadOnlyBooleanWrapper(this, "resultStale");
    private final ReadOnlyBooleanWrapper queryReady = new ReadOnlyBooleanWrapper(this, "queryReady");
    private final BooleanBinding canApply;

    /** The selected photo, decoded; null while it loads. */
    private Picture queryPicture;
    private Picture resultPicture;
    private BackgroundTask<?> applyTask;
    private ScheduledFuture<?> pendingRerender;

    PreviewViewModel(EngineSession session, PictureFiles files, GuiThreads threads, StatusViewModel status,
                     ObjectExpression<QueryItem> selectedQuery) {
        this.session = session;
        this.files = files;
        this.threads = threads;
        this.status = status;
        this.selectedQuery = selectedQuery;
        canApply = session.stateProperty().isEqualTo(EngineSession.State.READY).and(change.isNotNull())
                .and(selectedQuery.isNotNull()).and(queryReady);
        selectedQuery.addListener((obs, old, now) -> onQuerySelected(now));
        strength.addListener((obs, old, now) -> scheduleRerender());
        steps.addListener((obs, old, now) -> scheduleRerender());
        seed.addListener((obs, old, now) -> scheduleRerender());
        guidance.addListener((obs, old, now) -> scheduleRerender());
        session.stateProperty().addListener((obs, old, now) -> {
            if (now == EngineSession.State.READY) {
                resetAdvanced();
            }
        });
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

    /** The strength a slider position or a typed number means: in hundredths, within range, snapped to marks. */
    public static double snapStrength(double value) {
        double clamped = Math.clamp(value, MIN_STRENGTH, MAX_STRENGTH);
        double mark = Math.rint(clamped);
        if (Math.abs(clamped - mark) <= STRENGTH_SNAP) {
            return mark;
        }
        return Math.rint(clamped / STRENGTH_STEP) * STRENGTH_STEP;
    }

    public IntegerProperty stepsProperty() {
        return steps;
    }

    public LongProperty seedProperty() {
        return seed;
    }

    public DoubleProperty guidanceProperty() {
        return guidance;
    }

    public BooleanBinding canApplyBinding() {
        return canApply;
    }

    /** The sampler settings the window currently shows. */
    public SamplingOptions samplerSettings() {
        return session.sampler(steps.get(), seed.get(), guidance.get());
    }

    /** Puts steps, seed and guidance back to the model's defaults. */
    public void resetAdvanced() {
        SamplingOptions defaults = session.defaults();
        if (defaults != null) {
            steps.set(defaults.steps());
            seed.set(defaults.seed());
            guidance.set(defaults.guidance());
        }
    }

    /** Makes {@code learned} the current change and shows it on the selected photo. */
    void show(LearnedChange learned) {
        change.set(learned);
        applyIfPossible();
    }

    /** Replaces the current change by {@code renamed} if it is still {@code current} (a save renames it). */
    void rename(LearnedChange current, LearnedChange renamed) {
        if (change.get() == current) {
            change.set(renamed);
        }
    }

    /** The edited photo as shown, for export; null when there is none. */
    Picture resultPicture() {
        return resultPicture;
    }

    /** Edits the selected photo with the current change, strength and settings; replaces any edit in progress. */
    public void apply() {
        cancelPendingRerender();
        if (!canApply.get() || !session.isReady()) {
            return;
        }
        if (applyTask != null) {
            applyTask.cancel();
        }
        QueryItem query = selectedQuery.get();
        double atStrength = strength.get();
        SamplingOptions sampler;
        try {
            sampler = samplerSettings();
        } catch (IllegalArgumentException e) {
            status.tell(Texts.format("preview.checkSettings", e.getMessage()), true);
            return;
        }
        var edit = session.apply(change.get(), atStrength, queryPicture, sampler);
        resultStale.set(true);
        applyTask = status.run(Texts.text("task.applying"), (p, c) -> {
            long start = System.nanoTime();
            Picture edited = edit.run(p, c);
            try {
                return new Rendered(query, edited, FxPictures.toImage(edited), atStrength,
                        (System.nanoTime() - start) / 1_000_000);
            } catch (RuntimeException | Error e) {
                edited.close();
                throw e;
            }
        }, this::showResult);
    }

    void cancelPendingRerender() {
        if (pendingRerender != null) {
            pendingRerender.cancel(false);
            pendingRerender = null;
        }
    }

    /** Hands the pictures to the engine thread to close. */
    void close() {
        cancelPendingRerender();
        threads.closeLater(queryPicture);
        queryPicture = null;
        threads.closeLater(resultPicture);
        resultPicture = null;
    }

    private record Rendered(QueryItem query, Picture picture, Image image, double strength, long millis) {
    }

    /** A decoded photo with its on-screen image. */
    private record LoadedPhoto(Picture picture, Image image) {
    }

    private void onQuerySelected(QueryItem query) {
        cancelPendingRerender();
        if (applyTask != null) {
            applyTask.cancel();
        }
        clearResult();
        threads.closeLater(queryPicture);
        queryPicture = null;
        queryReady.set(false);
        originalImage.set(null);
        if (query == null) {
            return;
        }
        status.say(Texts.format("preview.opening", query.name()));
        BackgroundTask.wrap((p, c) -> {
            Picture picture = files.read(query.file());
            try {
                return new LoadedPhoto(picture, FxPictures.toImage(picture));
            } catch (RuntimeException | Error e) {
                picture.close();
                throw e;
            }
        }).deliverOn(threads.ui()).onSuccess(loaded -> {
            if (selectedQuery.get() != query) {
                threads.closeLater(loaded.picture());
                return;
            }
            queryPicture = loaded.picture();
            originalImage.set(loaded.image());
            queryReady.set(true);
            status.say(Texts.format(change.get() == null ? "preview.openedFirst" : "preview.opened",
                    query.name(), query.describeSize()));
            applyIfPossible();
        }).onFailure(e -> status.tellFailure("preview.notOpened", query.name(), e)).executeWith(threads.io());
    }

    private void applyIfPossible() {
        if (canApply.get()) {
            apply();
        }
    }

    private void showResult(Rendered rendered) {
        if (selectedQuery.get() != rendered.query()) {
            threads.closeLater(rendered.picture());
            return;
        }
        Picture old = resultPicture;
        resultPicture = rendered.picture();
        threads.closeLater(old);
        resultImage.set(rendered.image());
        resultStale.set(Math.abs(rendered.strength() - strength.get()) > 1e-9);
        LearnedChange applied = change.get();
        String carriedBy = applied == null || applied.carriedBy().isEmpty() ? ""
                : Texts.format("preview.carriedBy", CarriedByWords.describe(applied.carriedBy()));
        status.say(Texts.format("preview.applied", rendered.strength(), Durations.describe(rendered.millis()),
                carriedBy));
    }

    private void clearResult() {
        threads.closeLater(resultPicture);
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
        pendingRerender = threads.timer().schedule(() -> threads.ui().execute(this::applyIfPossible),
                RERENDER_DELAY.toMillis(), TimeUnit.MILLISECONDS);
    }
}
