package studio.loc.app.gui;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import studio.loc.app.messages.Texts;

/**
 * Says how a change is made in a photographer's words. The engine summarises it for engineers ("a colour table
 * fitted on the pair carries 64 % of it, the diffusion model the rest"); this reads that summary and says the same
 * as colour and tone adjustments against the model's retouching. A summary it does not know is shown as it is.
 */
final class CarriedByWords {

    private static final Pattern SHARE = Pattern.compile("carr(?:y|ies) (\\d+) % of it");

    private CarriedByWords() {
    }

    static String describe(String summary) {
        if (summary == null || summary.isBlank()) {
            return "";
        }
        String text = summary.toLowerCase(Locale.ROOT);
        if (text.startsWith("the diffusion model carries all")) {
            return Texts.text("carried.model");
        }
        List<String> parts = new ArrayList<>();
        if (text.contains("a filter")) {
            parts.add(Texts.text("carried.part.filter"));
        }
        if (text.contains("a colour table")) {
            parts.add(Texts.text("carried.part.table"));
        }
        if (text.contains("a gain map")) {
            parts.add(Texts.text("carried.part.gain"));
        }
        if (parts.isEmpty() || !text.contains("fitted on the pair")) {
            return summary;
        }
        String what = joined(parts);
        if (text.contains("all of it")) {
            return Texts.format("carried.fittedAll", what);
        }
        Matcher share = SHARE.matcher(text);
        return share.find() ? Texts.format("carried.fittedShare", what, Integer.parseInt(share.group(1))) : summary;
    }

    private static String joined(List<String> parts) {
        if (parts.size() == 1) {
            return parts.getFirst();
        }
        return Texts.format("carried.and", String.join(", ", parts.subList(0, parts.size() - 1)), parts.getLast());
    }
}
