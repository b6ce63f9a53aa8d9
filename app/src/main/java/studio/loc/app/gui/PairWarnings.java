package studio.loc.app.gui;

import java.util.ArrayList;
import java.util.List;
import studio.loc.app.messages.Texts;
import studio.loc.app.pair.PairCheck;

/** Says what is wrong with an example pair in words a photographer reads at a glance. */
final class PairWarnings {

    private PairWarnings() {
    }

    /** Empty when the pair looks fine. */
    static String describe(PairCheck.Result result) {
        if (result == null || result.looksFine()) {
            return "";
        }
        List<String> lines = new ArrayList<>();
        if (result.has(PairCheck.Problem.DIFFERENT_SHAPE)) {
            lines.add(Texts.format("pair.check.shape", result.beforeWidth(), result.beforeHeight(),
                    result.afterWidth(), result.afterHeight()));
        }
        if (result.has(PairCheck.Problem.DIFFERENT_SCENE)) {
            lines.add(Texts.text("pair.check.scene"));
        }
        lines.add(Texts.text("pair.check.advice"));
        return String.join(" ", lines);
    }
}
