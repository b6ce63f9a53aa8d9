package studio.loc.hypernet.engine;

import ai.djl.ndarray.NDManager;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Optional;
import studio.loc.diffusion.colour.Lut3d;
import studio.loc.diffusion.image.Picture;
import studio.loc.diffusion.lora.LoraContext;
import studio.loc.diffusion.lora.LoraMerger;
import studio.loc.diffusion.lora.LoraSet;
import studio.loc.diffusion.lora.LoraShapeException;
import studio.loc.diffusion.model.LoadedModel;
import studio.loc.diffusion.model.ModelFormatException;
import studio.loc.diffusion.pairfit.FittedBlend;
import studio.loc.diffusion.pipeline.EditPipeline;
import studio.loc.diffusion.pipeline.EditRequest;
import studio.loc.diffusion.pipeline.EditResult;
import studio.loc.diffusion.progress.CancellationToken;
import studio.loc.diffusion.progress.CancelledException;
import studio.loc.diffusion.progress.ProgressListener;
import studio.loc.diffusion.sample.SamplingOptions;
import studio.loc.hypernet.change.BaseModelIdentity;
import studio.loc.hypernet.change.Change;
import studio.loc.hypernet.change.ChangeFile;
import studio.loc.hypernet.change.ChangeFileException;
import studio.loc.hypernet.change.ChangeLearner;
import studio.loc.hypernet.perpair.PerPairLoraOptimizer;
import studio.loc.hypernet.perpair.PerPairSettings;
import studio.loc.hypernet.perpair.RefinedHypernetLearner;

/**
 * The real engine: a model folder's codec, UNet and hypernetwork on DJL/PyTorch. Learning is
 * {@link ChangeLearner#learn} on the pair as given (full size); applying merges the change's LoRA into the UNet
 * ({@link #prepare}) and runs the {@link EditPipeline} with its fitted part. Model calls are serialised (one UNet,
 * merged weights), so the GUI may call from several worker threads safely.
 */
public final class LocChangeEngine implements ChangeEngine {

    private final OpenedModel opened;
    private final LoadedModel model;
    private final ChangeLearner learner;
    private final BaseModelIdentity identity;
    private final EditPipeline pipeline;
    private final ModelInfo info;
    private PreparedLoraChange active;

    private LocChangeEngine(OpenedModel opened) {
        this.opened = opened;
        this.model = opened.model();
        this.identity = BaseModelIdentity.of(model);
        this.learner = new ChangeLearner(opened.hypernet(), identity);
        this.pipeline = EditPipeline.forModel(model);
        this.info = new ModelInfo(model.config().name(), model.modelSha256(), model.folder(),
                model.config().imageSize(), model.config().sampler().sampling());
    }

    /** Loads a model folder (checks every weight file's SHA-256). */
    public static LocChangeEngine open(Path folder) throws EngineException {
        OpenedModel opened = null;
        try {
            opened = OpenedModel.open(folder);
            return new LocChangeEngine(opened);
        } catch (ModelFormatException | IOException | RuntimeException e) {
            if (opened != null) {
                opened.close();
            }
            throw new EngineException("Cannot open the model in " + folder + ": " + e.getMessage(), e);
        }
    }

    @Override
    public ModelInfo model() {
        return info;
    }

    /**
     * The networks themselves, for the benchmarks and the per-pair learners that need them (they must not change
     * the weights while a change is prepared).
     */
    public OpenedModel networks() {
        return opened;
    }

    /** The same change without its fitted part: what the diffusion model alone makes of it ({@code eval}). */
    public static LearnedChange modelPartOnly(LearnedChange change) throws EngineException {
        Change lora = payload(change).withFitted(Optional.empty());
        return new LearnedChange(change.name(), change.baseModel(), change.created(), change.beforeThumbnailPng(),
                change.afterThumbnailPng(), change.learnMillis(), lora, FittedPartSummary.of(lora.fitted()));
    }

    @Override
    public synchronized LearnedChange learn(Picture before, Picture after, String name, int refineSteps,
                                            ProgressListener progress, CancellationToken cancel)
            throws EngineException, CancelledException {
        if (refineSteps < 0 || refineSteps > MAX_REFINE_STEPS) {
            throw new IllegalArgumentException("refinement steps must be 0 to " + MAX_REFINE_STEPS + ", got "
                    + refineSteps);
        }
        if (refineSteps > 0 && active != null) {
            // refining trains against G's base weights; a prepared change has another LoRA merged into them
            throw new EngineException("A change is being applied (a batch?); let it finish or cancel it before "
                    + "refining a new change.");
        }
        cancel.throwIfCancelled();
        long start = System.nanoTime();
        Change change;
        if (refineSteps == 0) {
            progress.onProgress(0, 1, "Learning the change");
            change = learner.learn(before, after, name);
        } else {
            // the refinement reports its own steps; one pass more would read as a step to a listener counting them
            change = new RefinedHypernetLearner(learner,
                    new PerPairLoraOptimizer(model, PerPairSettings.refining(refineSteps)))
                    .learn(before, after, name, progress, cancel);
        }
        long millis = (System.nanoTime() - start) / 1_000_000;
        if (refineSteps == 0) {
            progress.onProgress(1, 1, "Learned in " + millis + " ms");
        }
        return wrap(change, millis);
    }

    @Override
    public LearnedChange fromColourTable(Lut3d table, Lut3d reverse, String name, byte[] beforeThumbnailPng,
                                         byte[] afterThumbnailPng) {
        return wrap(Change.colourTableOnly(identity, name, table, reverse, beforeThumbnailPng, afterThumbnailPng), 0);
    }

    @Override
    public void save(LearnedChange change, Path file) throws EngineException {
        try {
            ChangeFile.write(file, payload(change).withName(change.name()));
        } catch (IOException e) {
            throw new EngineException("Cannot save the change to " + file + ": " + e.getMessage(), e);
        }
    }

    @Override
    public LearnedChange load(Path file) throws EngineException {
        try {
            return wrap(ChangeFile.read(file, identity), 0);
        } catch (ChangeFileException e) {
            throw new EngineException(e.getMessage(), e);
        } catch (IOException e) {
            throw new EngineException("Cannot read " + file + ": " + e.getMessage(), e);
        }
    }

    @Override
    public synchronized PreparedChange prepare(LearnedChange change, double strength) throws EngineException {
        ChangeEngine.checkStrength(strength);
        if (active != null) {
            throw new IllegalStateException("another change is still prepared on this engine; close it first");
        }
        Change lora = payload(change);
        NDManager loraMemory = opened.root().newSubManager();
        LoraMerger merger = new LoraMerger(model.unet().parameters());
        try {
            LoraSet set = lora.toLoraSet(loraMemory);
            merger.merge(set, (float) strength);
        } catch (LoraShapeException | RuntimeException e) {
            merger.close();
            loraMemory.close();
            throw new EngineException("The change \"" + change.name() + "\" does not fit this model: "
                    + e.getMessage(), e);
        }
        active = new PreparedLoraChange(merger, loraMemory, lora.fittedAt(strength));
        return active;
    }

    private static Change payload(LearnedChange change) throws EngineException {
        if (change.payload() instanceof Change lora) {
            return lora;
        }
        throw new EngineException("The change \"" + change.name() + "\" was not made by this engine");
    }

    private static LearnedChange wrap(Change change, long millis) {
        return LearnedChange.of(change, millis);
    }

    @Override
    public synchronized void close() {
        if (active != null) {
            active.close();
        }
        pipeline.close();
        opened.close();
    }

    /**
     * A change merged into the UNet, with its fitted part at the same strength; closing restores the base weights
     * exactly.
     */
    private final class PreparedLoraChange implements PreparedChange {

        private final LoraMerger merger;
        private final NDManager loraMemory;
        private final FittedBlend fitted;
        private boolean closed;

        PreparedLoraChange(LoraMerger merger, NDManager loraMemory, FittedBlend fitted) {
            this.merger = merger;
            this.loraMemory = loraMemory;
            this.fitted = fitted;
        }

        @Override
        public Picture apply(Picture query, SamplingOptions sampling, ProgressListener progress,
                             CancellationToken cancel) throws CancelledException {
            synchronized (LocChangeEngine.this) {
                if (closed) {
                    throw new IllegalStateException("this prepared change was closed");
                }
                EditRequest request = new EditRequest(query, LoraContext.NONE, sampling, fitted);
                try {
                    EditResult result = pipeline.edit(request, progress, cancel);
                    result.editedLow().close();
                    return result.edited();
                } finally {
                    NativeMemory.release();
                }
            }
        }

        @Override
        public void close() {
            synchronized (LocChangeEngine.this) {
                if (!closed) {
                    closed = true;
                    merger.close();
                    loraMemory.close();
                    active = null;
                }
            }
        }
    }
}
