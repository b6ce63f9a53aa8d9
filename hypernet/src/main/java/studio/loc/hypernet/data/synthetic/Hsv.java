package studio.loc.hypernet.data.synthetic;

/** HSV conversions for single colours (used when baking LUTs; whole images go through OpenCV's cvtColor). */
final class Hsv {

    private Hsv() {
    }

    /** r, g, b in [0, 1] to {h in [0, 360), s, v}. */
    static double[] fromRgb(double r, double g, double b) {
        double max = Math.max(r, Math.max(g, b));
        double min = Math.min(r, Math.min(g, b));
        double delta = max - min;
        double h;
        if (delta <= 1e-12) {
            h = 0;
        } else if (max == r) {
            h = 60 * (((g - b) / delta) % 6);
        } else if (max == g) {
            h = 60 * ((b - r) / delta + 2);
        } else {
            h = 60 * ((r - g) / delta + 4);
        }
        if (h < 0) {
            h += 360;
        }
        return new double[] {h, max <= 0 ? 0 : delta / max, max};
    }

    static double[] toRgb(double h, double s, double v) {
        double hh = ((h % 360) + 360) % 360 / 60;
        double c = v * s;
        double x = c * (1 - Math.abs(hh % 2 - 1));
        double m = v - c;
        double r;
        double g;
        double b;
        switch ((int) hh) {
            case 0 -> { r = c; g = x; b = 0; }
            case 1 -> { r = x; g = c; b = 0; }
            case 2 -> { r = 0; g = c; b = x; }
            case 3 -> { r = 0; g = x; b = c; }
            case 4 -> { r = x; g = 0; b = c; }
            default -> { r = c; g = 0; b = x; }
        }
        return new double[] {r + m, g + m, b + m};
    }
}
