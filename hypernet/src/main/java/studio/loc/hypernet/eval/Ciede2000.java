package studio.loc.hypernet.eval;

/**
 * sRGB to CIELAB conversion (D65, 2 degree observer) and the CIEDE2000 colour difference as published by Sharma,
 * Wu and Dalal (2005), with kL = kC = kH = 1. {@link ImageMetrics} averages it over images.
 */
public final class Ciede2000 {

    // D65 reference white, the values skimage and most tools use.
    private static final double XN = 0.95047;
    private static final double YN = 1.0;
    private static final double ZN = 1.08883;
    private static final double POW25_7 = Math.pow(25, 7);
    /** sRGB decoding of every 8-bit level: the metric runs over millions of pixels, pow is the slow part. */
    private static final double[] LINEAR_8BIT = new double[256];

    static {
        for (int i = 0; i < 256; i++) {
            LINEAR_8BIT[i] = linear(i / 255.0);
        }
    }

    private Ciede2000() {
    }

    /** Converts 8-bit sRGB (0..255 as doubles) to L*a*b*, written into {@code lab}. */
    public static void srgb8ToLab(double r8, double g8, double b8, double[] lab) {
        double r = linear8(r8);
        double g = linear8(g8);
        double b = linear8(b8);
        double x = 0.412453 * r + 0.357580 * g + 0.180423 * b;
        double y = 0.212671 * r + 0.715160 * g + 0.072169 * b;
        double z = 0.019334 * r + 0.119193 * g + 0.950227 * b;
        double fx = f(x / XN);
        double fy = f(y / YN);
        double fz = f(z / ZN);
        lab[0] = 116 * fy - 16;
        lab[1] = 500 * (fx - fy);
        lab[2] = 200 * (fy - fz);
    }

    private static double linear8(double v) {
        int level = (int) v;
        return level == v && level >= 0 && level <= 255 ? LINEAR_8BIT[level] : linear(v / 255.0);
    }

    private static double linear(double c) {
        return c <= 0.04045 ? c / 12.92 : Math.pow((c + 0.055) / 1.055, 2.4);
    }

    private static double f(double t) {
        return t > 0.008856 ? Math.cbrt(t) : 7.787 * t + 16.0 / 116.0;
    }

    /** CIEDE2000 difference between two L*a*b* colours. */
    public static double deltaE(double l1, double a1, double b1, double l2, double a2, double b2) {
        double c1 = Math.hypot(a1, b1);
        double c2 = Math.hypot(a2, b2);
        double cMean = (c1 + c2) / 2;
        double cMean7 = pow7(cMean);
        double g = 0.5 * (1 - Math.sqrt(cMean7 / (cMean7 + POW25_7)));
        double a1p = (1 + g) * a1;
        double a2p = (1 + g) * a2;
        double c1p = Math.hypot(a1p, b1);
        double c2p = Math.hypot(a2p, b2);
        double h1p = hueDegrees(b1, a1p);
        double h2p = hueDegrees(b2, a2p);

        double dLp = l2 - l1;
        double dCp = c2p - c1p;
        double dhp;
        if (c1p * c2p == 0) {
            dhp = 0;
        } else if (Math.abs(h2p - h1p) <= 180) {
            dhp = h2p - h1p;
        } else if (h2p - h1p > 180) {
            dhp = h2p - h1p - 360;
        } else {
            dhp = h2p - h1p + 360;
        }
        double dHp = 2 * Math.sqrt(c1p * c2p) * Math.sin(Math.toRadians(dhp / 2));

        double lMean = (l1 + l2) / 2;
        double cpMean = (c1p + c2p) / 2;
        double hpMean;
        if (c1p * c2p == 0) {
            hpMean = h1p + h2p;
        } else if (Math.abs(h1p - h2p) <= 180) {
            hpMean = (h1p + h2p) / 2;
        } else if (h1p + h2p < 360) {
            hpMean = (h1p + h2p + 360) / 2;
        } else {
            hpMean = (h1p + h2p - 360) / 2;
        }
        double t = 1 - 0.17 * Math.cos(Math.toRadians(hpMean - 30)) + 0.24 * Math.cos(Math.toRadians(2 * hpMean))
                + 0.32 * Math.cos(Math.toRadians(3 * hpMean + 6)) - 0.20 * Math.cos(Math.toRadians(4 * hpMean - 63));
        double hueOffset = (hpMean - 275) / 25;
        double dTheta = 30 * Math.exp(-hueOffset * hueOffset);
        double cpMean7 = pow7(cpMean);
        double rc = 2 * Math.sqrt(cpMean7 / (cpMean7 + POW25_7));
        double lm50 = (lMean - 50) * (lMean - 50);
        double sl = 1 + 0.015 * lm50 / Math.sqrt(20 + lm50);
        double sc = 1 + 0.045 * cpMean;
        double sh = 1 + 0.015 * cpMean * t;
        double rt = -Math.sin(Math.toRadians(2 * dTheta)) * rc;
        double tl = dLp / sl;
        double tc = dCp / sc;
        double th = dHp / sh;
        return Math.sqrt(tl * tl + tc * tc + th * th + rt * tc * th);
    }

    private static double pow7(double v) {
        double v2 = v * v;
        return v2 * v2 * v2 * v;
    }

    private static double hueDegrees(double b, double ap) {
        if (b == 0 && ap == 0) {
            return 0;
        }
        double h = Math.toDegrees(Math.atan2(b, ap));
        return h < 0 ? h + 360 : h;
    }
}
