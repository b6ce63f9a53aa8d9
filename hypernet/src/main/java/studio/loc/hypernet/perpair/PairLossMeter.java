package studio.loc.hypernet.perpair;

import ai.djl.ndarray.NDManager;
import java.util.Objects;
import java.util.Random;
import studio.loc.diffusion.image.Picture;
import studio.loc.diffusion.model.LoadedModel;
import studio.loc.hypernet.change.Change;

/**
 * How well a change explains its own pair: the per-pair diffusion loss of the change on a fixed set of draws.
 * Fixed draws make two changes (the hypernetwork's, an optimised one, none) comparable on the same pair, which
 * single training steps, each with new noise, are not.
 */
public final class PairLossMeter {

    /** Enough draws to average out the timestep's large effect on the loss, few enough for one batched G call. */
    public static final int DEFAULT_SAMPLES = 16;

    private final LoadedModel model;
    private final int samples;
    private final long seed;

    public PairLossMeter(LoadedModel model, int samples, long seed) {
        this.model = Objects.requireNonNull(model, "model");
        if (samples < 1) {
            throw new IllegalArgumentException("need at least one draw, got " + samples);
        }
        this.samples = samples;
        this.seed = seed;
    }

    /** The loss of {@code change} turning {@code before} into {@code after} (lower fits the pair better). */
    public double measure(Change change, Picture before, Picture after) {
        try (NDManager scope = model.manager().newSubManager()) {
            PairDiffusionLoss loss = PairDiffusionLoss.of(model, before, after, scope);
            return loss.loss(change.toLoraSet(scope), new Random(seed), samples, scope).getFloat();
        }
    }
}
