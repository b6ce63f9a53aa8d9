package studio.loc.hypernet.engine;

import java.time.Instant;
import studio.loc.hypernet.change.Change;

/**
 * A change the user can name, save, reuse and scale. {@code payload} is the engine's own representation (the
 * LoRA and its fitted part, a {@link Change}, for the real engine); callers never look inside it.
 *
 * @param name what the user called it
 * @param baseModel name of the model it was made for
 * @param created when it was learned
 * @param beforeThumbnailPng small PNG of the example's before image (may be empty)
 * @param afterThumbnailPng small PNG of the example's after image (may be empty)
 * @param learnMillis how long learning took (0 for a loaded file)
 * @param payload engine-specific data
 * @param carriedBy what carries the change when it is applied, in words ("" when the engine does not say)
 */
public record LearnedChange(String name, String baseModel, Instant created, byte[] beforeThumbnailPng,
                            byte[] afterThumbnailPng, long learnMillis, Object payload, String carriedBy) {

    public LearnedChange {
        carriedBy = carriedBy == null ? "" : carriedBy;
    }

    /** A change whose engine does not say what carries it. */
    public LearnedChange(String name, String baseModel, Instant created, byte[] beforeThumbnailPng,
                         byte[] afterThumbnailPng, long learnMillis, Object payload) {
        this(name, baseModel, created, beforeThumbnailPng, afterThumbnailPng, learnMillis, payload, "");
    }

    /** A change made by the real engine or by any other learner of {@link Change}s (per-pair optimisation). */
    public static LearnedChange of(Change change, long learnMillis) {
        return new LearnedChange(change.name(), change.baseModel(), change.created(), change.beforeThumbnailPng(),
                change.afterThumbnailPng(), learnMillis, change, FittedPartSummary.of(change.fitted()));
    }
}
