package studio.loc.app.messages;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.text.MessageFormat;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.ResourceBundle;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * The text bundle and its users agree: every key the code or the FXML asks for exists, every text in the bundle
 * is used, and every pattern is one MessageFormat can read (a translator's lone apostrophe would swallow text).
 */
class TextsBundleTest {

    private static final Path SOURCES = Path.of("src/main/java/studio/loc/app");
    private static final List<String> FXML = List.of("/studio/loc/ui/main.fxml", "/studio/loc/ui/batch.fxml");
    private static final Pattern CODE_KEY = Pattern.compile("Texts\\.(?:text|format)\\(\"([^\"]+)\"\\s*[,)]");
    private static final Pattern FXML_KEY = Pattern.compile("=\"%([^\"]+)\"");
    /** A string literal on one line, escapes included. */
    private static final Pattern LITERAL = Pattern.compile("\"((?:[^\"\\\\\n]|\\\\.)*)\"");

    private final ResourceBundle bundle = Texts.bundle();

    @Test
    void everyKeyTheCodeAndTheLayoutsAskForExists() throws IOException {
        Set<String> missing = new TreeSet<>();
        for (String key : keys(javaSources(), CODE_KEY)) {
            if (!bundle.containsKey(key)) {
                missing.add(key);
            }
        }
        for (String key : keys(fxml(), FXML_KEY)) {
            if (!bundle.containsKey(key)) {
                missing.add(key);
            }
        }
        assertEquals(Set.of(), missing, "keys without a text in messages.properties");
    }

    @Test
    void everyTextInTheBundleIsUsed() throws IOException {
        String code = javaSources();
        Set<String> literals = new TreeSet<>();
        for (String line : code.lines().toList()) {
            Matcher literal = LITERAL.matcher(line);
            while (literal.find()) {
                literals.add(literal.group(1));
            }
        }
        literals.addAll(keys(fxml(), FXML_KEY));
        Set<String> unused = new TreeSet<>();
        for (String key : bundle.keySet()) {
            if (!literals.contains(key) && !usedAsSlotText(key, literals)) {
                unused.add(key);
            }
        }
        assertEquals(Set.of(), unused, "texts nothing shows");
    }

    @Test
    void everyPatternParsesAndDoublesItsApostrophes() {
        for (String key : bundle.keySet()) {
            String text = bundle.getString(key);
            if (!text.contains("{")) {
                continue;
            }
            new MessageFormat(text, Locale.ROOT); // throws on a broken placeholder
            String withoutDoubled = text.replace("''", "");
            assertTrue(!withoutDoubled.contains("'"), key + ": write an apostrophe as '' in a text with placeholders");
        }
    }

    @Test
    void formattingKeepsWholeNumbersPlainAndDecimalsAsThePatternSays() {
        assertEquals("4032 × 3024 · 16-bit", Texts.format("photo.size", 4032, 3024, 16));
        assertEquals("Zoom 49 %", Texts.format("view.zoom", 48.5), "rounds half up, as String.format does");
        assertEquals("Uses the main window's strength (1.50) and advanced settings. Results keep each photo's size, "
                + "format and bit depth; originals are never changed.", Texts.format("batch.settings", 1.5));
    }

    /** {@code slot.before.choose}: the slot's key and the text's name are separate literals in the code. */
    private static boolean usedAsSlotText(String key, Set<String> literals) {
        String[] parts = key.split("\\.");
        return parts.length == 3 && parts[0].equals("slot") && literals.contains(parts[1])
                && literals.contains("." + parts[2]);
    }

    private static Set<String> keys(String text, Pattern pattern) {
        Set<String> keys = new TreeSet<>();
        Matcher matcher = pattern.matcher(text);
        while (matcher.find()) {
            keys.add(matcher.group(1));
        }
        return keys;
    }

    private static String javaSources() throws IOException {
        List<String> texts = new ArrayList<>();
        try (Stream<Path> files = Files.walk(SOURCES)) {
            for (Path file : files.filter(f -> f.toString().endsWith(".java")).toList()) {
                texts.add(Files.readString(file));
            }
        }
        return String.join("\n", texts);
    }

    private static String fxml() throws IOException {
        StringBuilder all = new StringBuilder();
        for (String name : FXML) {
            try (InputStream in = TextsBundleTest.class.getResourceAsStream(name)) {
                all.append(new String(in.readAllBytes(), StandardCharsets.UTF_8));
            }
        }
        return all.toString();
    }
}
