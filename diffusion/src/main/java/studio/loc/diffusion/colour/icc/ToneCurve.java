package studio.loc.diffusion.colour.icc;

import java.util.function.DoubleUnaryOperator;

/**
 * One channel's tone curve (encoded value → linear light) as two tables: decoding on a uniform grid, encoding on a
 * grid uniform in the square root of the linear value, which follows the steep start of gamma curves closely (an
 * error below 2e-5 for gamma 2.2 and sRGB). Values outside [0, 1] are mirrored at 0 and, above 1, computed from
 * {@code exact}: the sRGB working space holds a wide-gamut colour as a component beyond the cube.
 */
final class ToneCurve {

    private static final int DECODE_STEPS = 4096;
    private static final int ENCODE_STEPS = 16384;

    private final float[] decode = new float[DECODE_STEPS + 1];
    private final float[] encode = new float[ENCODE_STEPS + 1];
    private final DoubleUnaryOperator exactDecode;
    private final DoubleUnaryOperator exactEncode;

    private ToneCurve(DoubleUnaryOperator exactDecode, DoubleUnaryOperator exactEncode) {
        this.exactDecode = exactDecode;
        this.exactEncode = exactEncode;
        for (int i = 0; i <= DECODE_STEPS; i++) {
            decode[i] = (float) exactDecode.applyAsDouble(i / (double) DECODE_STEPS);
        }
        for (int i = 0; i <= ENCODE_STEPS; i++) {
            double t = i / (double) ENCODE_STEPS;
            encode[i] = (float) exactEncode.applyAsDouble(t * t);
        }
    }

    /** The sRGB curve (IEC 61966-2-1). */
    static ToneCurve srgb() {
        return new ToneCurve(v -> v <= 0.04045 ? v / 12.92 : Math.pow((v + 0.055) / 1.055, 2.4),
                l -> l <= 0.0031308 ? l * 12.92 : 1.055 * Math.pow(l, 1 / 2.4) - 0.055);
    }

    /** A pure power curve, as an ICC {@code curv} tag with one entry stores it. */
    static ToneCurve gamma(double gamma) {
        return new ToneCurve(v -> Math.pow(v, gamma), l -> Math.pow(l, 1 / gamma));
    }

    /**
     * An ICC {@code curv} table (unsigned 16-bit entries over [0, 1], interpolated linearly as the ICC specification
     * says); encoding inverts it by bisection, so a table that is not strictly increasing still gives a value.
     */
    static ToneCurve table(short[] entries) {
        double[] y = new double[entries.length];
        for (int i = 0; i < y.length; i++) {
            y[i] = (entries[i] & 0xFFFF) / 65535.0;
        }
        DoubleUnaryOperator decode = v -> {
            double p = Math.clamp(v, 0, 1) * (y.length - 1);
            int i = Math.min((int) p, y.length - 2);
            return y[i] + (p - i) * (y[i + 1] - y[i]);
        };
        DoubleUnaryOperator encode = l -> {
            double lo = 0;
            double hi = 1;
            for (int k = 0; k < 40; k++) {
                double mid = (lo + hi) / 2;
                if (decode.applyAsDouble(mid) < l) {
                    lo = mid;
                } else {
                    hi = mid;
                }
            }
            return (lo + hi) / 2;
        };
        return new ToneCurve(decode, encode);
    }

    float toLinear(float v) {
        if (v < 0) {
            return -toLinear(-v);
        }
        if (v > 1) {
            return (float) exactDecode.applyAsDouble(v);
        }
        float p = v * DECODE_STEPS;
        int i = Math.min((int) p, DECODE_STEPS - 1);
        return decode[i] + (p - i) * (decode[i + 1] - decode[i]);
    }

    float fromLinear(float l) {
        if (l < 0) {
            return -fromLinear(-l);
        }
        if (l > 1) {
            return (float) exactEncode.applyAsDouble(l);
        }
        float p = (float) Math.sqrt(l) * ENCODE_STEPS;
        int i = Math.min((int) p, ENCODE_STEPS - 1);
        return encode[i] + (p - i) * (encode[i + 1] - encode[i]);
    }
}
