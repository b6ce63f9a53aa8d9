package studio.loc.app.messages;

import java.math.RoundingMode;
import java.text.DecimalFormat;
import java.text.Format;
import java.text.MessageFormat;
import java.util.Locale;
import java.util.ResourceBundle;

/**
 * The user-visible texts of LoC Studio, from the {@code studio/loc/ui/messages.properties} bundle, so that a
 * translator adds a {@code messages_xx.properties} and writes no Java. FXML reads the same bundle as {@code %key}.
 *
 * <p>Texts with arguments are {@link MessageFormat} patterns. Whole numbers are passed as plain digits (no
 * thousands separator, as "4032 × 3024" needs); decimals are formatted by the pattern, e.g. {@code {0,number,0.00}}.
 */
public final class Texts {

    public static final String BUNDLE = "studio.loc.ui.messages";

    private Texts() {
    }

    /** The bundle for the default locale (FXML loaders take it as their resources). */
    public static ResourceBundle bundle() {
        return ResourceBundle.getBundle(BUNDLE);
    }

    public static String text(String key) {
        return bundle().getString(key);
    }

    public static String format(String key, Object... arguments) {
        Object[] shown = arguments.clone();
        for (int i = 0; i < shown.length; i++) {
            if (shown[i] instanceof Integer || shown[i] instanceof Long) {
                shown[i] = shown[i].toString();
            }
        }
        // ROOT: decimals read "1.50" whatever the desktop's locale, as the rest of the window and the CLI do.
        MessageFormat pattern = new MessageFormat(text(key), Locale.ROOT);
        Format[] formats = pattern.getFormats();
        for (Format format : formats) {
            if (format instanceof DecimalFormat decimal) {
                // Half up, as String.format and the CLI round: a zoom of 48.5 % reads "49 %", not "48 %".
                decimal.setRoundingMode(RoundingMode.HALF_UP);
            }
        }
        pattern.setFormats(formats);
        return pattern.format(shown);
    }
}
