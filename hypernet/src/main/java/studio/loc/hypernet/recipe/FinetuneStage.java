package studio.loc.hypernet.recipe;

import java.util.Objects;

/**
 * The optional last stage, after H has learned pair-dependent changes on the frozen G: a short run at a low rate in
 * which G may learn too. Before H's changes depend on the pair, a joint G + H stage lets G carry an average edit
 * itself (session 2 measured a mean change cosine of 0.96 between unrelated edits); after, G can only learn to
 * carry out H's changes better, while the identity term keeps a zero change reproducing the query.
 *
 * @param stage its steps (0: no such stage), batch, peak rate and checkpoint interval
 * @param trainsDenoiser whether G learns too; false continues H alone (the control arm of that comparison)
 */
public record FinetuneStage(StageSettings stage, boolean trainsDenoiser) {

    /** No fine-tuning stage (recipes written before it existed). */
    public static final FinetuneStage NONE = new FinetuneStage(new StageSettings(0, 1, 1e-4, 100), true);

    public FinetuneStage {
        Objects.requireNonNull(stage, "stage");
    }

    public boolean runs() {
        return stage.steps() > 0;
    }
}
