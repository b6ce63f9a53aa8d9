package studio.loc.app.gui;

import java.util.Locale;

/** Elapsed times as the status bar says them: "0.42 s", "12.3 s", "2 min 05 s". */
public final class Durations {

    private Durations() {
    }

    public static String describe(long millis) {
        if (millis < 10_000) {
            return String.format(Locale.ROOT, "%.2f s", millis / 1000.0);
        }
        if (millis < 60_000) {
            return String.format(Locale.ROOT, "%.1f s", millis / 1000.0);
        }
        long seconds = Math.round(millis / 1000.0);
        return String.format(Locale.ROOT, "%d min %02d s", seconds / 60, seconds % 60);
    }
}
