package studio.loc.app.gui;

import java.util.ArrayList;
import java.util.List;
import studio.loc.app.messages.Texts;
import studio.loc.app.pair.PairCheck;

/** Says what is wrong with an example pair in words a photographer reads at a glance. */
final class PairWarnings {

    private PairWarnings() {
    }

    /** What is off and why it matters, for the question before learning. */
    static String withAdvice(PairCheck.Result result) {
        String problems = describe(result);
        return problems.isEmpty() ? "" : problems + " " + Texts.text("pair.check.advice");
    }

    /** What is off, short enough for the line under the drop zones; empty when the pair looks fine. */
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
        return String.join(" ", lines);
    }
}
