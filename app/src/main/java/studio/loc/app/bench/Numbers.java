package studio.loc.app.bench;

import java.util.Locale;
import java.util.OptionalLong;

/** How the reports write numbers: fixed decimals, a dot as separator whatever the locale, SI prefixes for rates. */
final class Numbers {

    private Numbers() {
    }

    /** Milliseconds: one decimal, two below 10 ms (tiny models in tests), so small values do not read as 0. */
    static String ms(double millis) {
        return String.format(Locale.ROOT, millis < 10 ? "%.2f" : "%.1f", millis);
    }

    static String ratio(double value) {
        return String.format(Locale.ROOT, "%.2f×", value);
    }

    static String fixed(double value, int decimals) {
        return String.format(Locale.ROOT, "%." + decimals + "f", value);
    }

    /** Megapixels as given: 0.25, 1, 4 (no padding zeros, no rounding away of small test sizes). */
    static String megapixels(double value) {
        return java.math.BigDecimal.valueOf(value).stripTrailingZeros().toPlainString();
    }

    /** 1.23 G, 456.0 M, … for FLOPs and FLOP/s. */
    static String si(double value) {
        String[] prefixes = {"", " k", " M", " G", " T", " P"};
        int i = 0;
        double v = value;
        while (Math.abs(v) >= 1000 && i < prefixes.length - 1) {
            v /= 1000;
            i++;
        }
        return String.format(Locale.ROOT, "%.2f%s", v, prefixes[i]);
    }

    /** Bytes as MiB, or "n/a" where the system does not report them. */
    static String mib(OptionalLong bytes) {
        return bytes.isPresent() ? String.format(Locale.ROOT, "%.0f MiB", bytes.getAsLong() / 1048576.0) : "n/a";
    }
}
