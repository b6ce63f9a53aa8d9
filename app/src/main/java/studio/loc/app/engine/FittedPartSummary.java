package studio.loc.app.engine;

import java.util.Locale;
import java.util.Optional;
import studio.loc.diffusion.pairfit.FittedChange;

/** Says in words which part of the app carries a change: the operations fitted on its pair, the model, or both. */
public final class FittedPartSummary {

    private FittedPartSummary() {
    }

    /** For example "a colour table fitted on the pair carries 64 % of it, the diffusion model the rest". */
    public static String of(Optional<FittedChange> fitted) {
        if (fitted.isEmpty()) {
            return "the diffusion model carries all of it";
        }
        FittedChange part = fitted.get();
        boolean filter = !part.filter().isIdentity();
        boolean table = !part.table().isIdentity();
        String what = filter && table ? "a filter and a colour table fitted on the pair carry"
                : filter ? "a filter fitted on the pair carries" : "a colour table fitted on the pair carries";
        if (part.share() >= 1) {
            return what + " all of it";
        }
        return what + String.format(Locale.ROOT, " %.0f %%", 100 * part.share())
                + " of it, the diffusion model the rest";
    }
}
