package studio.loc.hypernet.engine;

import java.util.ArrayList;
import java.util.List;
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
        List<String> parts = new ArrayList<>();
        if (!part.kernel().isIdentity()) {
            parts.add("a pixel kernel");
        }
        if (!part.filter().isIdentity()) {
            parts.add("a filter");
        }
        if (!part.curves().isIdentity()) {
            parts.add("curves per channel");
        }
        if (!part.table().isIdentity()) {
            parts.add("a colour table");
        }
        if (!part.gain().isIdentity()) {
            parts.add("a gain map over the frame");
        }
        if (parts.isEmpty()) {
            // Fitted, and it is no change at all: the pair's before and after are the same picture.
            parts.add("a colour table");
        }
        String what = joined(parts) + " fitted on the pair " + (parts.size() == 1 ? "carries" : "carry");
        if (part.share() >= 1) {
            return what + " all of it";
        }
        return what + String.format(Locale.ROOT, " %.0f %%", 100 * part.share())
                + " of it, the diffusion model the rest";
    }

    /** "a", "a and b", "a, b and c". */
    private static String joined(List<String> parts) {
        if (parts.size() == 1) {
            return parts.get(0);
        }
        return String.join(", ", parts.subList(0, parts.size() - 1)) + " and " + parts.get(parts.size() - 1);
    }
}
