package studio.loc.app.gui;

import java.nio.file.Path;
import javafx.beans.binding.BooleanBinding;
import javafx.beans.property.BooleanProperty;
import javafx.beans.property.IntegerProperty;
import javafx.beans.property.ReadOnlyObjectProperty;
import javafx.beans.property.ReadOnlyObjectWrapper;
import javafx.beans.property.ReadOnlyStringProperty;
import javafx.beans.property.ReadOnlyStringWrapper;
import javafx.beans.property.SimpleBooleanProperty;
import javafx.beans.property.SimpleIntegerProperty;
import javafx.scene.image.Image;
import studio.loc.app.gui.task.BackgroundTask;
import studio.loc.app.pair.PairCheck;
import studio.loc.app.messages.FailureMessages;
import studio.loc.app.messages.Texts;
import studio.loc.diffusion.image.Picture;

/** The example pair (before and after) and learning the change from it. */
public final class ExamplePairViewModel {

    /**
     * Refinement steps when refining is switched on. On synthetic validation pairs 50 steps gained 0.70 dB and 200
     * steps 0.79 dB over the unrefined change, for 4 times the wait (see docs/quality.md).
     */
    public static final int DEFAULT_REFINE_STEPS = 50;
    static final int THUMBNAIL_SIDE = 480;

    private final EngineSession session;
    private final PictureFiles files;
    private final GuiSettings settings;
    private final GuiThreads threads;
    private final StatusViewModel status;
    private final PreviewViewModel preview;
    private final ImageSlot before = new ImageSlot("before");
    private final ImageSlot after = new ImageSlot("after");
    private final BooleanProperty refine = new SimpleBooleanProperty(this, "refine", false);
    private final IntegerProperty refineSteps = new SimpleIntegerProperty(this, "refineSteps", DEFAULT_REFINE_STEPS);
    private final BooleanBinding canLearn;
    private final ReadOnlyObjectWrapper<PairCheck.Result> check = new ReadOnlyObjectWrapper<>(this, "check");
    private final ReadOnlyStringWrapper warning = new ReadOnlyStringWrapper(this, "warning", "");

    ExamplePairViewModel(EngineSession session, PictureFiles files, GuiSettings settings, GuiThreads threads,
                         StatusViewModel status, PreviewViewModel preview) {
        this.session = session;
        this.files = files;
        this.settings = settings;
        this.threads = threads;
        this.status = status;
        this.preview = preview;
        canLearn = session.stateProperty().isEqualTo(EngineSession.State.READY)
                .and(before.fileProperty().isNotNull()).and(after.fileProperty().isNotNull())
                .and(status.busyProperty().not());
    }

    /** The name a change has until the user saves it under another. */
    public static String newChangeName() {
        return Texts.text("change.untitled");
    }

    public ImageSlot before() {
        return before;
    }

    public ImageSlot after() {
        return after;
    }

    /** Whether learning refines the hypernetwork's change on the example pair (seconds instead of milliseconds). */
    public BooleanProperty refineProperty() {
        return refine;
    }

    /** Optimisation steps of a refinement (used when {@link #refineProperty()} is on). */
    public IntegerProperty refineStepsProperty() {
        return refineSteps;
    }

    public BooleanBinding canLearnBinding() {
        return canLearn;
    }

    /** The check of the pair as loaded; null until both pictures are in. */
    public ReadOnlyObjectProperty<PairCheck.Result> checkProperty() {
        return check.getReadOnlyProperty();
    }

    /** What is wrong with the pair, in plain words; empty when it looks fine. */
    public ReadOnlyStringProperty warningProperty() {
        return warning.getReadOnlyProperty();
    }

    /** The warning with why it matters, for the question the view asks before learning. */
    public String warningWithAdvice() {
        return PairWarnings.withAdvice(check.get());
    }

    /** True when the pair looks wrong, so the view asks before learning from it. */
    public boolean needsConfirmation() {
        PairCheck.Result result = check.get();
        return result != null && !result.looksFine();
    }

    public void loadBefore(Path file) {
        loadInto(before, file);
    }

    public void loadAfter(Path file) {
        loadInto(after, file);
    }

    /** Learns the change from the example pair, then shows it on the selected photo. */
    public void learn() {
        if (!canLearn.get() || !session.isReady()) {
            return;
        }
        int refining = refine.get() ? refineSteps.get() : 0;
        var learning = session.learn(before.picture(), after.picture(), newChangeName(), refining);
        status.run(Texts.text(refining > 0 ? "task.learningRefining" : "task.learning"), learning, learned -> {
            String took = Durations.describe(learned.learnMillis());
            status.say(refining > 0 ? Texts.format("pair.learnedRefined", refining, took)
                    : Texts.format("pair.learned", took));
            preview.show(learned);
        });
    }

    /** Hands the pictures to the engine thread to close. */
    void close() {
        threads.closeLater(before.clear());
        threads.closeLater(after.clear());
    }

    /** Checks the pair once both pictures are in: cheap (a 48-pixel comparison), so on the UI thread. */
    private void checkPair() {
        if (!before.hasPicture() || !after.hasPicture()) {
            check.set(null);
            warning.set("");
            return;
        }
        PairCheck.Result result = PairCheck.check(before.picture(), after.picture());
        check.set(result);
        warning.set(PairWarnings.describe(result));
    }

    /** A decoded picture with its thumbnail for the zone. */
    private record LoadedPicture(Picture picture, Image thumbnail) {
    }

    private void loadInto(ImageSlot slot, Path file) {
        slot.startLoading();
        settings.rememberFolder(GuiSettings.Folder.PAIR, file);
        BackgroundTask.wrap((p, c) -> {
            Picture picture = files.read(file);
            try {
                return new LoadedPicture(picture, FxPictures.thumbnail(picture, THUMBNAIL_SIDE));
            } catch (RuntimeException | Error e) {
                picture.close();
                throw e;
            }
        }).deliverOn(threads.ui()).onSuccess(loaded -> {
            threads.closeLater(slot.accept(file, loaded.picture(), loaded.thumbnail()));
            checkPair();
            if (preview.changeProperty().get() != null) {
                status.say(Texts.text("slot." + slot.key() + ".replaced"));
            }
        }).onFailure(e -> slot.refuse(FailureMessages.describe(e))).executeWith(threads.io());
    }
}
