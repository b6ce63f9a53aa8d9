package studio.loc.app.bench;

import java.util.Arrays;

/**
 * Repeated measurements of one thing, in milliseconds. The median is the number to quote: on a shared machine a
 * few runs are always slowed by others, and the median ignores them where a mean would not.
 *
 * @param runs how many measured runs (warm-up runs excluded)
 */
public record Timing(double medianMs, double minMs, double maxMs, int runs) {

    public Timing {
        if (runs < 1) {
            throw new IllegalArgumentException("a timing needs at least one run");
        }
    }

    /** From raw durations in nanoseconds (any order). */
    static Timing ofNanos(long[] nanos) {
        double[] ms = new double[nanos.length];
        for (int i = 0; i < nanos.length; i++) {
            ms[i] = nanos[i] / 1e6;
        }
        Arrays.sort(ms);
        int n = ms.length;
        double median = n % 2 == 1 ? ms[n / 2] : (ms[n / 2 - 1] + ms[n / 2]) / 2;
        return new Timing(median, ms[0], ms[n - 1], n);
    }

    /** This timing's median relative to another's: 2.0 means twice as slow. */
    double ratioTo(Timing reference) {
        return medianMs / reference.medianMs;
    }
}
