package studio.loc.spark;

import static studio.loc.app.batch.OutputNaming.key;
import static studio.loc.app.batch.OutputNaming.sourceExtension;
import static studio.loc.app.batch.OutputNaming.withSuffix;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import studio.loc.app.batch.OutputNaming;
import studio.loc.diffusion.image.ImageFormat;

/**
 * Output names for photos given by their path relative to the input folder, by the rules of {@code loc-studio
 * apply} on one input folder: the relative path, with the output format's extension when a format is forced;
 * inputs that would share an output (a.jpg and a.png written as PNG) get their source extension in the name
 * (a_jpg.png, a_png.png); anything still clashing (names differing only in letter case) gets -2, -3, ... in input
 * order ({@link OutputNaming}, the batch's own rules). The end-to-end test checks the names against {@code apply}'s.
 */
final class OutputNames {

    private OutputNames() {
    }

    /**
     * @param relatives relative paths in the order {@code apply} walks them (sorted by relative path)
     * @param format the forced output format in the codec's words, or null to keep each photo's format
     * @return one output name per input, in the same order
     */
    static List<String> of(List<String> relatives, String format) {
        List<String> names = new ArrayList<>(relatives.size());
        Map<String, List<Integer>> byName = new LinkedHashMap<>();
        for (int i = 0; i < relatives.size(); i++) {
            names.add(outputName(relatives.get(i), format, false));
            byName.computeIfAbsent(key(names.get(i)), k -> new ArrayList<>()).add(i);
        }
        for (List<Integer> clash : byName.values()) {
            if (clash.size() > 1 && clash.stream().map(i -> key(sourceExtension(relatives.get(i)))).distinct().count()
                    == clash.size()) {
                clash.forEach(i -> names.set(i, outputName(relatives.get(i), format, true)));
            }
        }
        Set<String> taken = new HashSet<>();
        for (int i = 0; i < names.size(); i++) {
            String chosen = names.get(i);
            for (int n = 2; taken.contains(key(chosen)); n++) {
                chosen = withSuffix(names.get(i), "-" + n);
            }
            taken.add(key(chosen));
            names.set(i, chosen);
        }
        return names;
    }

    /** The format {@code apply} writes a photo in: the forced one, else the one its name says. */
    static String formatOf(String relative, String forced) {
        return forced != null ? forced
                : ImageFormat.fromFileName(relative).map(f -> f.name().toLowerCase(Locale.ROOT)).orElseThrow();
    }

    private static String outputName(String relative, String format, boolean withSourceExtension) {
        return OutputNaming.outputName(relative, format != null ? extensionFor(format) : null, withSourceExtension);
    }

    static String extensionFor(String format) {
        return ImageFormat.valueOf(format.toUpperCase(Locale.ROOT)).extension();
    }
}
