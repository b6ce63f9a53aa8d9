package studio.loc.diffusion.colour.icc;

import java.awt.color.ColorSpace;
import java.awt.color.ICC_Profile;
import java.awt.color.ICC_ProfileRGB;
import java.awt.color.ProfileDataException;
import java.util.Optional;
import java.util.stream.IntStream;
import org.opencv.core.CvType;
import org.opencv.core.Mat;
import studio.loc.diffusion.image.MatScope;

/**
 * Converts pixels between a photo's embedded RGB profile and sRGB, the working space the model and the fitted
 * parts expect. Camera and editor profiles (Adobe RGB, Display P3, ProPhoto, sRGB variants) are matrix/tone-curve
 * profiles: per channel a tone curve, then a 3 × 3 matrix to the profile connection space (XYZ, D50). The
 * conversion chains the photo's curves and matrix with the inverse of the JDK's sRGB matrix and the sRGB curve —
 * what a colour management module does for these profiles with relative colorimetric intent (the JDK's own
 * {@code ColorConvertOp} would do the same through LittleCMS, at several times the cost on a 24-MP photo).
 * Colours outside sRGB stay outside it (components below 0 or above 1), so a photo that is not edited comes back
 * in its own profile unchanged.
 */
public final class IccConversion {

    /** Pixels per band: a 24-MP photo is converted without a second full-size Java copy of itself. */
    private static final int BAND_PIXELS = 1 << 18;
    /** sRGB profiles differ in their tags; a matrix within this of sRGB's and sRGB-like curves is sRGB. */
    private static final double SAME_MATRIX = 2e-3;

    private final ToneCurve[] curves;
    private final double[] toSrgb;
    private final double[] fromSrgb;
    private final ToneCurve srgb = ToneCurve.srgb();

    private IccConversion(ToneCurve[] curves, double[] toSrgb) {
        this.curves = curves;
        this.toSrgb = toSrgb;
        this.fromSrgb = invert(toSrgb);
    }

    /**
     * The conversion for {@code profile}, or empty when there is nothing to convert: the profile is sRGB, or it is
     * not a matrix/tone-curve RGB profile (a table-based profile: its pixels are then edited as they are and the
     * profile is embedded again, which keeps their colours apart from the edit's own interpretation).
     */
    public static Optional<IccConversion> of(byte[] profile) {
        if (profile == null) {
            return Optional.empty();
        }
        ICC_Profile icc;
        try {
            icc = ICC_Profile.getInstance(profile);
        } catch (IllegalArgumentException e) {
            return Optional.empty();
        }
        if (!(icc instanceof ICC_ProfileRGB rgb)) {
            return Optional.empty();
        }
        ToneCurve[] curves = new ToneCurve[3];
        float[] gammas = new float[3];
        try {
            for (int c = 0; c < 3; c++) {
                curves[c] = curve(rgb, c, gammas);
            }
        } catch (ProfileDataException | IllegalArgumentException e) {
            return Optional.empty(); // a parametric or missing curve: not one this class converts
        }
        double[] source = flatten(rgb.getMatrix());
        double[] srgbMatrix = flatten(((ICC_ProfileRGB) ICC_Profile.getInstance(ColorSpace.CS_sRGB)).getMatrix());
        if (looksLikeSrgb(source, srgbMatrix, rgb)) {
            return Optional.empty();
        }
        try {
            return Optional.of(new IccConversion(curves, multiply(invert(srgbMatrix), source)));
        } catch (IllegalArgumentException degenerate) {
            return Optional.empty();
        }
    }

    /** {@code rgb} (CV_32FC3, in the profile) in sRGB; a new Mat. */
    public Mat toSrgb(Mat rgb) {
        return convert(rgb, true);
    }

    /** {@code rgb} (CV_32FC3, sRGB) in the profile, clamped to [0, 1]; a new Mat. */
    public Mat fromSrgb(Mat rgb) {
        return convert(rgb, false);
    }

    private Mat convert(Mat rgb, boolean intoSrgb) {
        if (rgb.type() != CvType.CV_32FC3) {
            throw new IllegalArgumentException("needs CV_32FC3, got " + CvType.typeToString(rgb.type()));
        }
        try (MatScope scope = new MatScope()) {
            Mat out = scope.add(new Mat(rgb.rows(), rgb.cols(), CvType.CV_32FC3));
            int bandRows = Math.max(1, BAND_PIXELS / Math.max(1, rgb.cols()));
            int bands = (rgb.rows() + bandRows - 1) / bandRows;
            // Bands are independent: they run on every core, each with its own buffer and views.
            IntStream.range(0, bands).parallel().forEach(band -> {
                int top = band * bandRows;
                int rows = Math.min(bandRows, rgb.rows() - top);
                float[] v = new float[rows * rgb.cols() * 3];
                try (MatScope views = new MatScope()) {
                    views.continuous(views.add(rgb.rowRange(top, top + rows))).get(0, 0, v);
                    if (intoSrgb) {
                        mapIntoSrgb(v, v.length);
                    } else {
                        mapFromSrgb(v, v.length);
                    }
                    views.add(out.rowRange(top, top + rows)).put(0, 0, v);
                }
            });
            return scope.keep(out);
        }
    }

    private void mapIntoSrgb(float[] v, int length) {
        double[] m = toSrgb;
        for (int p = 0; p < length; p += 3) {
            float r = curves[0].toLinear(v[p]);
            float g = curves[1].toLinear(v[p + 1]);
            float b = curves[2].toLinear(v[p + 2]);
            v[p] = srgb.fromLinear((float) (m[0] * r + m[1] * g + m[2] * b));
            v[p + 1] = srgb.fromLinear((float) (m[3] * r + m[4] * g + m[5] * b));
            v[p + 2] = srgb.fromLinear((float) (m[6] * r + m[7] * g + m[8] * b));
        }
    }

    private void mapFromSrgb(float[] v, int length) {
        double[] m = fromSrgb;
        for (int p = 0; p < length; p += 3) {
            float r = srgb.toLinear(v[p]);
            float g = srgb.toLinear(v[p + 1]);
            float b = srgb.toLinear(v[p + 2]);
            v[p] = curves[0].fromLinear(clamp01(m[0] * r + m[1] * g + m[2] * b));
            v[p + 1] = curves[1].fromLinear(clamp01(m[3] * r + m[4] * g + m[5] * b));
            v[p + 2] = curves[2].fromLinear(clamp01(m[6] * r + m[7] * g + m[8] * b));
        }
    }

    private static ToneCurve curve(ICC_ProfileRGB profile, int component, float[] gammas) {
        try {
            gammas[component] = profile.getGamma(component);
            return ToneCurve.gamma(gammas[component]);
        } catch (ProfileDataException notAGamma) {
            gammas[component] = Float.NaN;
            return ToneCurve.table(profile.getTRC(component));
        }
    }

    /** sRGB's primaries, and tone curves that are tables (sRGB's is; a pure gamma is not sRGB's curve). */
    private static boolean looksLikeSrgb(double[] source, double[] srgbMatrix, ICC_ProfileRGB profile) {
        for (int i = 0; i < 9; i++) {
            if (Math.abs(source[i] - srgbMatrix[i]) > SAME_MATRIX) {
                return false;
            }
        }
        ToneCurve srgbCurve = ToneCurve.srgb();
        for (int c = 0; c < 3; c++) {
            ToneCurve own;
            try {
                own = curve(profile, c, new float[3]);
            } catch (ProfileDataException e) {
                return false;
            }
            for (float v = 0; v <= 1; v += 1 / 64f) {
                if (Math.abs(own.toLinear(v) - srgbCurve.toLinear(v)) > 2e-3) {
                    return false;
                }
            }
        }
        return true;
    }

    private static float clamp01(double v) {
        return (float) (v < 0 ? 0 : (v > 1 ? 1 : v));
    }

    private static double[] flatten(float[][] m) {
        double[] out = new double[9];
        for (int r = 0; r < 3; r++) {
            for (int c = 0; c < 3; c++) {
                out[r * 3 + c] = m[r][c];
            }
        }
        return out;
    }

    private static double[] multiply(double[] a, double[] b) {
        double[] out = new double[9];
        for (int r = 0; r < 3; r++) {
            for (int c = 0; c < 3; c++) {
                for (int k = 0; k < 3; k++) {
                    out[r * 3 + c] += a[r * 3 + k] * b[k * 3 + c];
                }
            }
        }
        return out;
    }

    private static double[] invert(double[] m) {
        double a = m[0];
        double b = m[1];
        double c = m[2];
        double d = m[3];
        double e = m[4];
        double f = m[5];
        double g = m[6];
        double h = m[7];
        double i = m[8];
        double det = a * (e * i - f * h) - b * (d * i - f * g) + c * (d * h - e * g);
        if (Math.abs(det) < 1e-12) {
            throw new IllegalArgumentException("the profile's colour matrix cannot be inverted");
        }
        return new double[] {
            (e * i - f * h) / det, (c * h - b * i) / det, (b * f - c * e) / det,
            (f * g - d * i) / det, (a * i - c * g) / det, (c * d - a * f) / det,
            (d * h - e * g) / det, (b * g - a * h) / det, (a * e - b * d) / det};
    }
}
