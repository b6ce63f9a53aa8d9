package studio.loc.hypernet.data.synthetic;

import java.util.function.DoubleUnaryOperator;
import org.opencv.core.CvType;
import org.opencv.core.Mat;

/**
 * A 1D curve on [0, 1] stored as a table and looked up with linear interpolation. OpenCV's own {@code LUT} only
 * takes 8-bit input, and quantising float training images to 256 levels would put banding into every target.
 */
final class ToneCurve {

    private static final int STEPS = 1024;

    private final float[] table;

    private ToneCurve(float[] table) {
        this.table = table;
    }

    static ToneCurve identity() {
        return of(x -> x);
    }

    static ToneCurve of(DoubleUnaryOperator f) {
        float[] table = new float[STEPS + 1];
        for (int i = 0; i <= STEPS; i++) {
            table[i] = (float) f.applyAsDouble((double) i / STEPS);
        }
        return new ToneCurve(table);
    }

    /** A smooth curve through control points (xs strictly increasing in [0, 1]), shape-preserving (PCHIP). */
    static ToneCurve through(double[] xs, double[] ys) {
        int n = xs.length;
        if (n < 2 || ys.length != n) {
            throw new IllegalArgumentException("a curve needs at least two points");
        }
        double[] slope = new double[n - 1];
        for (int i = 0; i < n - 1; i++) {
            slope[i] = (ys[i + 1] - ys[i]) / (xs[i + 1] - xs[i]);
        }
        double[] tangent = new double[n];
        tangent[0] = slope[0];
        tangent[n - 1] = slope[n - 2];
        for (int i = 1; i < n - 1; i++) {
            // Fritsch-Carlson: zero at local extrema, harmonic mean elsewhere, so the curve never overshoots.
            tangent[i] = slope[i - 1] * slope[i] <= 0 ? 0 : 2 / (1 / slope[i - 1] + 1 / slope[i]);
        }
        return of(x -> {
            if (x <= xs[0]) {
                return ys[0] + (x - xs[0]) * tangent[0];
            }
            if (x >= xs[n - 1]) {
                return ys[n - 1] + (x - xs[n - 1]) * tangent[n - 1];
            }
            int i = 0;
            while (x > xs[i + 1]) {
                i++;
            }
            double h = xs[i + 1] - xs[i];
            double t = (x - xs[i]) / h;
            double t2 = t * t;
            double t3 = t2 * t;
            return (2 * t3 - 3 * t2 + 1) * ys[i] + (t3 - 2 * t2 + t) * h * tangent[i]
                    + (-2 * t3 + 3 * t2) * ys[i + 1] + (t3 - t2) * h * tangent[i + 1];
        });
    }

    float at(float x) {
        float pos = Math.min(1f, Math.max(0f, x)) * STEPS;
        int i = Math.min(STEPS - 1, (int) pos);
        float t = pos - i;
        return table[i] + t * (table[i + 1] - table[i]);
    }

    /** This curve after {@code inner}: x -> this(inner(x)). */
    ToneCurve after(ToneCurve inner) {
        return of(x -> at(inner.at((float) x)));
    }

    /** Applies one curve per channel (R, G, B) and returns a new image. */
    static Mat apply(Mat rgb, ToneCurve red, ToneCurve green, ToneCurve blue) {
        float[] data = Img.floats(rgb);
        for (int i = 0; i < data.length; i += 3) {
            data[i] = red.at(data[i]);
            data[i + 1] = green.at(data[i + 1]);
            data[i + 2] = blue.at(data[i + 2]);
        }
        return Img.fromFloats(data, rgb.rows(), rgb.cols(), CvType.CV_32FC3);
    }

    static Mat applyToAll(Mat rgb, ToneCurve curve) {
        return apply(rgb, curve, curve, curve);
    }
}
