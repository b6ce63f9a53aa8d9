package studio.loc.hypernet.data.synthetic;

import static studio.loc.hypernet.data.synthetic.OpEdit.describe;

import java.util.List;
import java.util.Random;
import studio.loc.diffusion.colour.Lut3d;

/**
 * Colour changes that a 3D LUT expresses (the devset's FFmpeg lut3d edits): every output colour depends on the
 * input colour only, but the channels mix. Each family bakes its random colour function into a 17^3 grid, the same
 * kind of table as a .cube file, applied by the product's {@link Lut3d}.
 */
final class ColorLutFamilies {

    private static final int GRID = 17;

    private ColorLutFamilies() {
    }

    static List<EditFamily> all() {
        return List.of(
                new Family("random_lut3d", EditCategory.COLOR_LUT, ColorLutFamilies::randomLut),
                new Family("cinematic_lut", EditCategory.COLOR_LUT, ColorLutFamilies::cinematic),
                new Family("vintage_lut", EditCategory.COLOR_LUT, ColorLutFamilies::vintage),
                new Family("cross_process", EditCategory.COLOR_LUT, ColorLutFamilies::crossProcess),
                new Family("selective_hue", EditCategory.COLOR_LUT, ColorLutFamilies::selectiveHue));
    }

    /** Maps an RGB colour (each in [0, 1]) to a new one, written into {@code out}. */
    @FunctionalInterface
    interface ColorFunction {
        void map(double r, double g, double b, double[] out);
    }

    private static Edit lutEdit(String description, ColorFunction f) {
        Lut3d lut = sampled(GRID, f);
        return new OpEdit(description, lut::apply);
    }

    /** {@code f} baked into an n^3 table (trilinear between the nodes), every node's colour clamped to [0, 1]. */
    static Lut3d sampled(int n, ColorFunction f) {
        float[] nodes = new float[n * n * n * 3];
        double[] out = new double[3];
        for (int r = 0; r < n; r++) {
            for (int g = 0; g < n; g++) {
                for (int b = 0; b < n; b++) {
                    f.map((double) r / (n - 1), (double) g / (n - 1), (double) b / (n - 1), out);
                    int at = ((r * n + g) * n + b) * 3;
                    for (int c = 0; c < 3; c++) {
                        nodes[at + c] = (float) Math.min(1, Math.max(0, out[c]));
                    }
                }
            }
        }
        return Lut3d.of(n, nodes);
    }

    /** Identity plus a few low-frequency sinusoidal displacements of the RGB cube: smooth, but channel-mixing. */
    private static Edit randomLut(Random rng) {
        int terms = 3;
        double[][] freq = new double[terms * 3][3];
        double[] phase = new double[terms * 3];
        double[] amp = new double[terms * 3];
        for (int i = 0; i < terms * 3; i++) {
            for (int k = 0; k < 3; k++) {
                freq[i][k] = Rand.uniform(rng, -1.2, 1.2);
            }
            phase[i] = Rand.uniform(rng, 0, 2 * Math.PI);
            amp[i] = Rand.uniform(rng, 0.03, 0.09);
        }
        return lutEdit(describe("random_lut3d", "terms", terms, "amplitudes", amp), (r, g, b, out) -> {
            double[] in = {r, g, b};
            for (int c = 0; c < 3; c++) {
                double d = 0;
                for (int t = 0; t < terms; t++) {
                    int i = c * terms + t;
                    d += amp[i] * Math.sin(2 * Math.PI * (freq[i][0] * r + freq[i][1] * g + freq[i][2] * b) + phase[i]);
                }
                out[c] = in[c] + d;
            }
        });
    }

    /** "Teal and orange": shadows pushed to one hue, highlights to a complementary one, with an S-curve. */
    private static Edit cinematic(Random rng) {
        double shadowHue = Rand.uniform(rng, 165, 230);
        double highlightHue = Rand.uniform(rng, 15, 50);
        double strength = Rand.uniform(rng, 0.15, 0.35);
        double contrast = Rand.uniform(rng, 0.1, 0.35);
        double saturation = Rand.uniform(rng, 0.8, 1.3);
        double[] shadow = Rand.hueColor(shadowHue);
        double[] highlight = Rand.hueColor(highlightHue);
        ToneCurve curve = ToneCurve.through(new double[] {0, 0.25, 0.5, 0.75, 1},
                new double[] {0, 0.25 - 0.12 * contrast * 2, 0.5, 0.75 + 0.12 * contrast * 2, 1});
        return lutEdit(describe("cinematic_lut", "shadowHue", shadowHue, "highlightHue", highlightHue,
                "strength", strength, "contrast", contrast, "saturation", saturation), (r, g, b, out) -> {
                    double luma = r * Img.LUMA[0] + g * Img.LUMA[1] + b * Img.LUMA[2];
                    double ws = (1 - luma) * (1 - luma);
                    double wh = luma * luma;
                    double[] in = {r, g, b};
                    for (int c = 0; c < 3; c++) {
                        double v = luma + saturation * (in[c] - luma);
                        v += strength * (ws * shadow[c] + wh * highlight[c]);
                        out[c] = curve.at((float) v);
                    }
                });
    }

    /** Faded, warm, partly desaturated, with channels bleeding into each other like old print film. */
    private static Edit vintage(Random rng) {
        double desaturate = Rand.uniform(rng, 0.2, 0.6);
        double warmth = Rand.uniform(rng, 0.04, 0.12);
        double lift = Rand.uniform(rng, 0.05, 0.15);
        double crush = Rand.uniform(rng, 0.05, 0.15);
        double bleed = Rand.uniform(rng, 0.05, 0.2);
        return lutEdit(describe("vintage_lut", "desaturate", desaturate, "warmth", warmth, "lift", lift,
                "crush", crush, "bleed", bleed), (r, g, b, out) -> {
                    double luma = r * Img.LUMA[0] + g * Img.LUMA[1] + b * Img.LUMA[2];
                    double rr = r + bleed * (g - r);
                    double gg = g + bleed * (b - g) * 0.5;
                    double bb = b + bleed * (r - b);
                    double[] in = {rr, gg, bb};
                    double[] shift = {warmth, warmth * 0.3, -warmth};
                    for (int c = 0; c < 3; c++) {
                        double v = in[c] + desaturate * (luma - in[c]) + shift[c];
                        out[c] = lift + v * (1 - lift - crush);
                    }
                });
    }

    /** Opposite S-curves per channel, as when slide film is developed in negative chemistry. */
    private static Edit crossProcess(Random rng) {
        double red = Rand.uniform(rng, 0.05, 0.12);
        double green = Rand.uniform(rng, 0.02, 0.08);
        double blue = Rand.uniform(rng, 0.05, 0.12);
        double blueLift = Rand.uniform(rng, 0.05, 0.2);
        ToneCurve r = sCurve(red);
        ToneCurve g = sCurve(green);
        ToneCurve b = ToneCurve.through(new double[] {0, 0.25, 0.75, 1},
                new double[] {blueLift, 0.25 + blue, 0.75 - blue, 1 - blueLift / 2});
        return lutEdit(describe("cross_process", "red", red, "green", green, "blue", blue, "blueLift", blueLift),
                (rr, gg, bb, out) -> {
                    out[0] = r.at((float) rr);
                    out[1] = g.at((float) gg);
                    out[2] = b.at((float) bb);
                });
    }

    static ToneCurve sCurve(double amount) {
        return ToneCurve.through(new double[] {0, 0.25, 0.5, 0.75, 1},
                new double[] {0, 0.25 - amount, 0.5, 0.75 + amount, 1});
    }

    /** Shifts the hue and saturation of one band of hues only (say, greens to yellow), as a selective colour tool. */
    private static Edit selectiveHue(Random rng) {
        double center = Rand.uniform(rng, 0, 360);
        double width = Rand.uniform(rng, 40, 100);
        double shift = Rand.signed(rng, 25, 80);
        double saturation = Rand.uniform(rng, 0.7, 1.5);
        return lutEdit(describe("selective_hue", "center", center, "width", width, "shift", shift,
                "saturation", saturation), (r, g, b, out) -> {
                    double[] hsv = Hsv.fromRgb(r, g, b);
                    double distance = Math.abs(((hsv[0] - center) % 360 + 540) % 360 - 180);
                    double w = Math.max(0, 1 - distance / width);
                    w = w * w * (3 - 2 * w);
                    double[] rgb = Hsv.toRgb(hsv[0] + w * shift, Math.min(1, hsv[1] * (1 + w * (saturation - 1))),
                            hsv[2]);
                    System.arraycopy(rgb, 0, out, 0, 3);
                });
    }
}
