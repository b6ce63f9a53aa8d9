package studio.loc.hypernet.data.synthetic;

import static studio.loc.hypernet.data.synthetic.OpEdit.describe;

import java.util.List;
import java.util.Random;
import org.opencv.core.Core;
import org.opencv.core.CvType;
import org.opencv.core.Mat;
import studio.loc.diffusion.image.MatScope;

/** Brightness and contrast changes that keep hues (devset: FFmpeg curves strong_contrast). */
final class ToneFamilies {

    private ToneFamilies() {
    }

    static List<EditFamily> all() {
        return List.of(
                new Family("exposure", EditCategory.TONE, ToneFamilies::exposure),
                new Family("contrast", EditCategory.TONE, ToneFamilies::contrast),
                new Family("gamma", EditCategory.TONE, ToneFamilies::gamma),
                new Family("shadows_highlights", EditCategory.TONE, ToneFamilies::shadowsHighlights),
                new Family("levels", EditCategory.TONE, ToneFamilies::levels),
                new Family("tone_curve", EditCategory.TONE, ToneFamilies::toneCurve));
    }

    /** Exposure in stops, applied in (approximately) linear light as a camera would. */
    private static Edit exposure(Random rng) {
        double stops = Rand.signed(rng, 0.4, 1.5);
        double gain = Math.pow(2, stops);
        ToneCurve curve = ToneCurve.of(x -> Math.pow(Math.pow(x, 2.2) * gain, 1 / 2.2));
        return new OpEdit(describe("exposure", "stops", stops), rgb -> ToneCurve.applyToAll(rgb, curve));
    }

    /** Contrast around mid-grey, either linear or sigmoidal (ImageMagick's -sigmoidal-contrast). */
    private static Edit contrast(Random rng) {
        double amount = Rand.factorAwayFromOne(rng, 0.45, 0.75, 1.3, 2.0);
        boolean sigmoid = rng.nextBoolean();
        double beta = amount * 4;
        ToneCurve curve = !sigmoid ? ToneCurve.of(x -> 0.5 + (x - 0.5) * amount)
                : amount > 1 ? ToneCurve.of(x -> normalisedSigmoid(x, beta))
                : ToneCurve.of(x -> inverseNormalisedSigmoid(x, 4 / amount));
        return new OpEdit(describe("contrast", "amount", amount, "mode", sigmoid ? "sigmoid" : "linear"),
                rgb -> ToneCurve.applyToAll(rgb, curve));
    }

    private static double sigmoid(double x, double beta) {
        return 1 / (1 + Math.exp(beta * (0.5 - x)));
    }

    private static double normalisedSigmoid(double x, double beta) {
        double lo = sigmoid(0, beta);
        double hi = sigmoid(1, beta);
        return (sigmoid(x, beta) - lo) / (hi - lo);
    }

    private static double inverseNormalisedSigmoid(double y, double beta) {
        double lo = sigmoid(0, beta);
        double hi = sigmoid(1, beta);
        double s = Math.min(1 - 1e-9, Math.max(1e-9, lo + y * (hi - lo)));
        return 0.5 - Math.log(1 / s - 1) / beta;
    }

    private static Edit gamma(Random rng) {
        double gamma = Rand.factorAwayFromOne(rng, 0.45, 0.8, 1.25, 2.2);
        return new OpEdit(describe("gamma", "gamma", gamma), rgb -> {
            Mat out = new Mat();
            Core.max(rgb, org.opencv.core.Scalar.all(0), out);
            Core.pow(out, 1 / gamma, out);
            return out;
        });
    }

    /**
     * Opens the shadows and/or holds back the highlights, guided by a blurred luma so that the change follows
     * regions rather than single pixels (radius relative to the image, so it looks the same at any size).
     */
    private static Edit shadowsHighlights(Random rng) {
        double shadows = Rand.uniform(rng, 0, 0.6);
        double highlights = Rand.uniform(rng, 0, 0.6);
        if (Math.max(shadows, highlights) < 0.3) {
            shadows += 0.3;
        }
        double radius = Rand.uniform(rng, 0.01, 0.05);
        double shadowAmount = shadows;
        double highlightAmount = highlights;
        return new OpEdit(describe("shadows_highlights", "shadows", shadows, "highlights", highlights,
                "radius", radius), rgb -> {
                    float[] g;
                    try (MatScope scope = new MatScope()) {
                        g = Img.floats(scope.add(Img.gaussian(scope.add(Img.luma(rgb)), Img.px(rgb, radius))));
                    }
                    float[] data = Img.floats(rgb);
                    for (int p = 0; p < g.length; p++) {
                        double l = Math.min(1, Math.max(0, g[p]));
                        double lift = shadowAmount * (1 - l) * (1 - l);
                        double hold = highlightAmount * l * l;
                        for (int c = 0; c < 3; c++) {
                            double x = data[3 * p + c];
                            data[3 * p + c] = (float) (x + lift * (1 - x) * 0.6 - hold * x * 0.5);
                        }
                    }
                    return Img.fromFloats(data, rgb.rows(), rgb.cols(), CvType.CV_32FC3);
                });
    }

    /** Black point, white point and midtone gamma, as in a levels dialog. */
    private static Edit levels(Random rng) {
        double black = Rand.uniform(rng, 0, 0.18);
        double white = Rand.uniform(rng, 0.78, 1);
        double mid = Rand.factorAwayFromOne(rng, 0.65, 0.9, 1.1, 1.5);
        double outBlack = rng.nextInt(3) == 0 ? Rand.uniform(rng, 0, 0.1) : 0;
        ToneCurve curve = ToneCurve.of(x -> {
            double t = Math.min(1, Math.max(0, (x - black) / (white - black)));
            return outBlack + (1 - outBlack) * Math.pow(t, 1 / mid);
        });
        return new OpEdit(describe("levels", "black", black, "white", white, "gamma", mid, "outBlack", outBlack),
                rgb -> ToneCurve.applyToAll(rgb, curve));
    }

    /**
     * A monotone tone curve on all channels: one of the usual shapes (S-curve, lighten, darken, matte) with a random
     * amount, or a random monotone curve. The shapes are generic; no tool's preset is copied, so that the devset's
     * curve edits stay unseen.
     */
    private static Edit toneCurve(Random rng) {
        double[] xs = {0, 0.25, 0.5, 0.75, 1};
        String shape = Rand.pick(rng, new String[] {"s_curve", "lighten", "darken", "matte", "random"});
        double amount = Rand.uniform(rng, 0.05, 0.15);
        double[] ys = switch (shape) {
            case "s_curve" -> new double[] {0, 0.25 - amount, 0.5, 0.75 + amount, 1};
            case "lighten" -> new double[] {0, 0.25 + amount, 0.5 + amount, 0.75 + amount * 0.6, 1};
            case "darken" -> new double[] {0, 0.25 - amount * 0.6, 0.5 - amount, 0.75 - amount, 1};
            case "matte" -> new double[] {amount, 0.25 + amount * 0.5, 0.5, 0.75 - amount * 0.3, 1 - amount * 0.5};
            default -> {
                double[] random = {Rand.uniform(rng, 0, 0.1), 0.25 + Rand.signed(rng, 0.05, 0.15),
                    0.5 + Rand.signed(rng, 0.03, 0.12), 0.75 + Rand.signed(rng, 0.05, 0.15), Rand.uniform(rng, 0.9, 1)};
                java.util.Arrays.sort(random); // a monotone curve never inverts tones
                yield random;
            }
        };
        ToneCurve curve = ToneCurve.through(xs, ys);
        return new OpEdit(describe("tone_curve", "shape", shape, "points", ys), rgb -> ToneCurve.applyToAll(rgb, curve));
    }
}
