package studio.loc.app.gui;

import java.util.Locale;
import studio.loc.app.messages.Texts;

/** Elapsed times as the status bar says them: "0.42 s", "12.3 s", "2 min 05 s". */
public final class Durations {

    private Durations() {
    }

    public static String describe(long millis) {
        if (millis < 10_000) {
            return Texts.format("duration.hundredths", millis / 1000.0);
        }
        if (millis < 60_000) {
            return Texts.format("duration.tenths", millis / 1000.0);
        }
        long seconds = Math.round(millis / 1000.0);
        return Texts.format("duration.minutes", seconds / 60, String.format(Locale.ROOT, "%02d", seconds % 60));
    }
}
