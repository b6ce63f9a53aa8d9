package studio.loc.hypernet.perpair;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.training.GradientCollector;
import java.util.Objects;
import studio.loc.diffusion.image.Picture;
import studio.loc.diffusion.image.Pictures;
import studio.loc.diffusion.model.LoadedModel;
import studio.loc.diffusion.progress.CancellationToken;
import studio.loc.diffusion.progress.CancelledException;
import studio.loc.diffusion.progress.ProgressListener;
import studio.loc.diffusion.train.AdamOptimizer;
import studio.loc.diffusion.train.StepSeeds;
import studio.loc.hypernet.change.BaseModelIdentity;
import studio.loc.hypernet.change.Change;
import studio.loc.hypernet.change.ChangeLearner;
import studio.loc.hypernet.change.ChangeSource;

/**
 * The peer baseline: what VISII- and PairEdit-style methods do instead of a hypernetwork. For one pair (A, A') a
 * fresh LoRA with the model's slots, rank and alpha is optimised for N steps with Adam on the diffusion loss "G
 * with the LoRA turns A into A'" while G stays frozen. The result is an ordinary {@link Change}.
 *
 * <p>The loop is the one every trainer here runs (a step's loss in a child manager inside a gradient collector,
 * then {@link AdamOptimizer#step}), without the checkpoints and logs of {@code TrainingLoop}: a throw-away LoRA
 * needs neither, and writing them would be charged to the baseline's time.
 */
public final class PerPairLoraOptimizer implements PairLearner {

    /** The step-seeded stream the draws come from (the LoRA's initial values come from the seed itself). */
    static final int DRAW_STREAM = 11;

    private final LoadedModel model;
    private final PerPairSettings settings;
    private final BaseModelIdentity identity;

    public PerPairLoraOptimizer(LoadedModel model, PerPairSettings settings) {
        this.model = Objects.requireNonNull(model, "model");
        this.settings = Objects.requireNonNull(settings, "settings");
        this.identity = BaseModelIdentity.of(model);
    }

    public PerPairSettings settings() {
        return settings;
    }

    @Override
    public String name() {
        return "per-pair-" + settings.steps();
    }

    @Override
    public Change learn(Picture before, Picture after, CancellationToken cancel) throws CancelledException {
        return optimise(before, after, name(), cancel).change();
    }

    /**
     * Optimises a fresh LoRA on the pair.
     *
     * @throws CancelledException when {@code cancel} fires (checked before every step); nothing is kept
     */
    public PerPairResult optimise(Picture before, Picture after, String name, CancellationToken cancel)
            throws CancelledException {
        return optimise(before, after, name, null, ProgressListener.NONE, cancel);
    }

    /**
     * Optimises a LoRA on the pair, starting from {@code start} (a change for this model, e.g. the hypernetwork's
     * prediction) or, when it is null, from a fresh LoRA. Reports every step to {@code progress}.
     *
     * @throws CancelledException when {@code cancel} fires (checked before every step); nothing is kept
     */
    public PerPairResult optimise(Picture before, Picture after, String name, Change start,
                                  ProgressListener progress, CancellationToken cancel) throws CancelledException {
        byte[] beforeThumbnail = Pictures.thumbnailPng(before, ChangeLearner.THUMBNAIL_SIDE);
        byte[] afterThumbnail = Pictures.thumbnailPng(after, ChangeLearner.THUMBNAIL_SIDE);
        double[] losses = new double[settings.steps()];
        int skipped = 0;
        try (NDManager pair = model.manager().newSubManager();
             TrainableLora lora = start == null
                     ? new TrainableLora(pair, model.unet().slots(), model.config().rank(), model.config().alpha(),
                             settings.seed())
                     : TrainableLora.startingFrom(pair, start);
             AdamOptimizer adam = new AdamOptimizer(lora.parameters(), lora.parameters().names(), 0,
                     PerPairSettings.CLIP_NORM)) {
            PairDiffusionLoss objective = PairDiffusionLoss.of(model, before, after, pair);
            for (int step = 0; step < settings.steps(); step++) {
                cancel.throwIfCancelled();
                try (NDManager scratch = pair.newSubManager()) {
                    try (GradientCollector collector = Engine.getInstance().newGradientCollector()) {
                        NDArray loss = objective.loss(lora.asSet(scratch),
                                StepSeeds.forStep(settings.seed(), step, DRAW_STREAM), settings.samplesPerStep(),
                                scratch);
                        collector.backward(loss);
                        losses[step] = loss.getFloat();
                    }
                    if (Double.isNaN(adam.step(settings.learningRate()))) {
                        skipped++;
                    }
                }
                progress.onProgress(step + 1, settings.steps(), "Optimising the change on the pair");
            }
            try (NDManager out = pair.newSubManager()) {
                Change change = Change.fromLoraSet(lora.asSet(out), name, identity, 1f, ChangeSource.TRAINED,
                        beforeThumbnail, afterThumbnail);
                return PerPairResult.of(change, losses, skipped);
            }
        }
    }
}
