package studio.loc.hypernet.data.synthetic;

import java.util.Random;

/** Parameter draws shared by the families. Ranges exclude the near-identity so every edit visibly does something. */
final class Rand {

    private Rand() {
    }

    static double uniform(Random rng, double lo, double hi) {
        return lo + (hi - lo) * rng.nextDouble();
    }

    /** A magnitude in [lo, hi] with a random sign. */
    static double signed(Random rng, double lo, double hi) {
        double magnitude = uniform(rng, lo, hi);
        return rng.nextBoolean() ? magnitude : -magnitude;
    }

    /** A factor below 1 (in [lowLo, lowHi]) or above 1 (in [highLo, highHi]), each half of the time. */
    static double factorAwayFromOne(Random rng, double lowLo, double lowHi, double highLo, double highHi) {
        return rng.nextBoolean() ? uniform(rng, lowLo, lowHi) : uniform(rng, highLo, highHi);
    }

    static int intBetween(Random rng, int lo, int hiInclusive) {
        return lo + rng.nextInt(hiInclusive - lo + 1);
    }

    static <T> T pick(Random rng, T[] options) {
        return options[rng.nextInt(options.length)];
    }

    /** A saturated colour of the given hue (degrees), lightness-normalised so tints do not change brightness much. */
    static double[] hueColor(double hueDegrees) {
        double[] rgb = Hsv.toRgb(hueDegrees, 1, 1);
        double luma = rgb[0] * Img.LUMA[0] + rgb[1] * Img.LUMA[1] + rgb[2] * Img.LUMA[2];
        return new double[] {rgb[0] - luma, rgb[1] - luma, rgb[2] - luma};
    }

    static double[] randomColor(Random rng) {
        return Hsv.toRgb(uniform(rng, 0, 360), uniform(rng, 0.3, 1), uniform(rng, 0.3, 1));
    }
}
