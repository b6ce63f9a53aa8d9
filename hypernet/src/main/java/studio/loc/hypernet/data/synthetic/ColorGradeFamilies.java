package studio.loc.hypernet.data.synthetic;

import static studio.loc.hypernet.data.synthetic.OpEdit.describe;

import java.util.List;
import java.util.Random;
import org.opencv.core.Core;
import org.opencv.core.CvType;
import org.opencv.core.Mat;
import org.opencv.core.Scalar;
import org.opencv.imgproc.Imgproc;
import studio.loc.diffusion.image.MatScope;

/** Global colour grading: curves, white balance, hue, saturation, toning, mixing (devset: curves, sepia, modulate). */
final class ColorGradeFamilies {

    private ColorGradeFamilies() {
    }

    static List<EditFamily> all() {
        return List.of(
                new Family("channel_curves", EditCategory.COLOR_GRADE, ColorGradeFamilies::channelCurves),
                new Family("white_balance", EditCategory.COLOR_GRADE, ColorGradeFamilies::whiteBalance),
                new Family("hue_shift", EditCategory.COLOR_GRADE, ColorGradeFamilies::hueShift),
                new Family("saturation", EditCategory.COLOR_GRADE, ColorGradeFamilies::saturation),
                new Family("vibrance", EditCategory.COLOR_GRADE, ColorGradeFamilies::vibrance),
                new Family("sepia", EditCategory.COLOR_GRADE, ColorGradeFamilies::sepia),
                new Family("black_white", EditCategory.COLOR_GRADE, ColorGradeFamilies::blackWhite),
                new Family("split_toning", EditCategory.COLOR_GRADE, ColorGradeFamilies::splitToning),
                new Family("fade", EditCategory.COLOR_GRADE, ColorGradeFamilies::fade),
                new Family("channel_mixer", EditCategory.COLOR_GRADE, ColorGradeFamilies::channelMixer),
                new Family("gradient_map", EditCategory.COLOR_GRADE, ColorGradeFamilies::gradientMap),
                new Family("color_balance_cdl", EditCategory.COLOR_GRADE, ColorGradeFamilies::colorBalance));
    }

    /** Independent smooth curves on R, G and B, like FFmpeg's curves presets (vintage, cross process, ...). */
    private static Edit channelCurves(Random rng) {
        double[] xs = {0, 0.25, 0.5, 0.75, 1};
        double[][] ys = new double[3][];
        for (int c = 0; c < 3; c++) {
            ys[c] = new double[] {Rand.uniform(rng, 0, 0.12), 0.25 + Rand.signed(rng, 0.02, 0.1),
                    0.5 + Rand.signed(rng, 0.02, 0.1), 0.75 + Rand.signed(rng, 0.02, 0.1), Rand.uniform(rng, 0.85, 1)};
        }
        ToneCurve r = ToneCurve.through(xs, ys[0]);
        ToneCurve g = ToneCurve.through(xs, ys[1]);
        ToneCurve b = ToneCurve.through(xs, ys[2]);
        return new OpEdit(describe("channel_curves", "red", ys[0], "green", ys[1], "blue", ys[2]),
                rgb -> ToneCurve.apply(rgb, r, g, b));
    }

    /** Temperature (blue-amber) and tint (green-magenta) as channel gains. */
    private static Edit whiteBalance(Random rng) {
        double temperature = Rand.signed(rng, 0.08, 0.25);
        double tint = Rand.signed(rng, 0, 0.1);
        Scalar gains = new Scalar(1 + temperature - tint / 2, 1 + tint, 1 - temperature - tint / 2);
        return new OpEdit(describe("white_balance", "temperature", temperature, "tint", tint), rgb -> {
            Mat out = new Mat();
            Core.multiply(rgb, gains, out);
            return out;
        });
    }

    /** Rotates every hue by the same angle (HSV). */
    private static Edit hueShift(Random rng) {
        double degrees = Rand.signed(rng, 15, 180);
        return new OpEdit(describe("hue_shift", "degrees", degrees), rgb -> {
            try (MatScope scope = new MatScope()) {
                Mat hsv = scope.newMat();
                Imgproc.cvtColor(rgb, hsv, Imgproc.COLOR_RGB2HSV);
                float[] data = Img.floats(hsv);
                for (int i = 0; i < data.length; i += 3) {
                    float h = (float) (data[i] + degrees) % 360f;
                    data[i] = h < 0 ? h + 360f : h;
                }
                hsv.put(0, 0, data);
                Mat out = scope.newMat();
                Imgproc.cvtColor(hsv, out, Imgproc.COLOR_HSV2RGB);
                return scope.keep(out);
            }
        });
    }

    /** Scales saturation either in HLS (what ImageMagick's -modulate does) or as a mix with luma. */
    private static Edit saturation(Random rng) {
        double factor = Rand.factorAwayFromOne(rng, 0.1, 0.7, 1.4, 2.2);
        boolean hls = rng.nextBoolean();
        return new OpEdit(describe("saturation", "factor", factor, "space", hls ? "hls" : "luma"), rgb -> {
            try (MatScope scope = new MatScope()) {
                if (!hls) {
                    Mat gray = scope.add(Img.gray3(scope.add(Img.luma(rgb))));
                    return Img.mix(gray, rgb, factor);
                }
                Mat hlsMat = scope.newMat();
                Imgproc.cvtColor(rgb, hlsMat, Imgproc.COLOR_RGB2HLS);
                Core.multiply(hlsMat, new Scalar(1, 1, factor), hlsMat);
                Core.min(hlsMat, new Scalar(360, 1, 1), hlsMat);
                Mat out = scope.newMat();
                Imgproc.cvtColor(hlsMat, out, Imgproc.COLOR_HLS2RGB);
                return scope.keep(out);
            }
        });
    }

    /** Saturation change that acts mostly on the dull colours and spares the already saturated ones. */
    private static Edit vibrance(Random rng) {
        double amount = Rand.factorAwayFromOne(rng, -0.8, -0.4, 0.6, 1.5);
        return new OpEdit(describe("vibrance", "amount", amount), rgb -> {
            float[] data = Img.floats(rgb);
            for (int i = 0; i < data.length; i += 3) {
                float r = data[i];
                float g = data[i + 1];
                float b = data[i + 2];
                float max = Math.max(r, Math.max(g, b));
                float min = Math.min(r, Math.min(g, b));
                float luma = (float) (r * Img.LUMA[0] + g * Img.LUMA[1] + b * Img.LUMA[2]);
                float k = (float) (1 + amount * (1 - (max - min)));
                data[i] = luma + k * (r - luma);
                data[i + 1] = luma + k * (g - luma);
                data[i + 2] = luma + k * (b - luma);
            }
            return Img.fromFloats(data, rgb.rows(), rgb.cols(), CvType.CV_32FC3);
        });
    }

    /** Sepia either as the classic colour matrix or as a brown-to-cream tone of luma (like -sepia-tone). */
    private static Edit sepia(Random rng) {
        double amount = Rand.uniform(rng, 0.6, 1);
        boolean matrix = rng.nextBoolean();
        double warmth = Rand.uniform(rng, 0.7, 1.3);
        return new OpEdit(describe("sepia", "amount", amount, "mode", matrix ? "matrix" : "tone", "warmth", warmth),
                rgb -> {
                    try (MatScope scope = new MatScope()) {
                        Mat toned;
                        if (matrix) {
                            toned = scope.add(Img.colorMatrix(rgb, new double[] {0.393, 0.769, 0.189, 0.349, 0.686,
                                    0.168, 0.272, 0.534, 0.131}, null));
                        } else {
                            Mat gray = scope.add(Img.gray3(scope.add(Img.luma(rgb))));
                            toned = scope.newMat();
                            // A luma ramp through brown: R rises first, B last.
                            Core.multiply(gray, new Scalar(1 + 0.12 * warmth, 1, 1 - 0.25 * warmth), toned);
                            Core.add(toned, new Scalar(0.04 * warmth, 0.01 * warmth, -0.02 * warmth), toned);
                        }
                        return Img.mix(rgb, toned, amount);
                    }
                });
    }

    /** Monochrome from a random channel mix (as a B&W filter on a camera: red filter, green filter, ...). */
    private static Edit blackWhite(Random rng) {
        double[] w = {rng.nextDouble() + 0.05, rng.nextDouble() + 0.05, rng.nextDouble() + 0.05};
        double sum = w[0] + w[1] + w[2];
        for (int i = 0; i < 3; i++) {
            w[i] /= sum;
        }
        double contrast = Rand.uniform(rng, 0.9, 1.4);
        return new OpEdit(describe("black_white", "weights", w, "contrast", contrast), rgb -> {
            try (MatScope scope = new MatScope()) {
                Mat weights = scope.add(new Mat(1, 3, CvType.CV_32F));
                weights.put(0, 0, (float) w[0], (float) w[1], (float) w[2]);
                Mat gray = scope.newMat();
                Core.transform(rgb, gray, weights);
                gray.convertTo(gray, CvType.CV_32F, contrast, 0.5 * (1 - contrast));
                return Img.gray3(gray);
            }
        });
    }

    /** One hue added to the shadows and another to the highlights. */
    private static Edit splitToning(Random rng) {
        double shadowHue = Rand.uniform(rng, 0, 360);
        double highlightHue = (shadowHue + Rand.uniform(rng, 90, 270)) % 360;
        double strength = Rand.uniform(rng, 0.15, 0.4);
        double balance = Rand.uniform(rng, -0.3, 0.3);
        double[] shadow = Rand.hueColor(shadowHue);
        double[] highlight = Rand.hueColor(highlightHue);
        return new OpEdit(describe("split_toning", "shadowHue", shadowHue, "highlightHue", highlightHue,
                "strength", strength, "balance", balance), rgb -> {
                    try (MatScope scope = new MatScope()) {
                        Mat luma = scope.add(Img.luma(rgb));
                        Mat shadowWeight = scope.newMat();
                        luma.convertTo(shadowWeight, CvType.CV_32F, -1, 1 + balance);
                        Img.clamp(shadowWeight, 0, 1);
                        Mat highlightWeight = scope.newMat();
                        Core.add(luma, Scalar.all(balance), highlightWeight);
                        Img.clamp(highlightWeight, 0, 1);
                        Mat s3 = scope.add(Img.gray3(shadowWeight));
                        Mat h3 = scope.add(Img.gray3(highlightWeight));
                        Core.multiply(s3, scaled(shadow, strength), s3);
                        Core.multiply(h3, scaled(highlight, strength), h3);
                        Mat out = scope.newMat();
                        Core.add(rgb, s3, out);
                        Core.add(out, h3, out);
                        return scope.keep(out);
                    }
                });
    }

    private static Scalar scaled(double[] color, double k) {
        return new Scalar(color[0] * k, color[1] * k, color[2] * k);
    }

    /** Lifted blacks and dimmed whites, with a little desaturation: the "faded film" look. */
    private static Edit fade(Random rng) {
        double lift = Rand.uniform(rng, 0.06, 0.22);
        double dim = Rand.uniform(rng, 0, 0.12);
        double desaturate = Rand.uniform(rng, 0, 0.4);
        return new OpEdit(describe("fade", "lift", lift, "dim", dim, "desaturate", desaturate), rgb -> {
            try (MatScope scope = new MatScope()) {
                Mat gray = scope.add(Img.gray3(scope.add(Img.luma(rgb))));
                Mat out = scope.add(Img.mix(rgb, gray, desaturate));
                out.convertTo(out, CvType.CV_32FC3, 1 - lift - dim, lift);
                return scope.keep(out);
            }
        });
    }

    /** A random 3x3 channel mix, each row summing to one so that greys stay grey. */
    private static Edit channelMixer(Random rng) {
        double[] m = new double[9];
        for (int r = 0; r < 3; r++) {
            double a = Rand.signed(rng, 0.1, 0.35);
            double b = Rand.signed(rng, 0, 0.25);
            int c1 = (r + 1) % 3;
            int c2 = (r + 2) % 3;
            m[3 * r + c1] = a;
            m[3 * r + c2] = b;
            m[3 * r + r] = 1 - a - b;
        }
        return new OpEdit(describe("channel_mixer", "matrix", m), rgb -> Img.colorMatrix(rgb, m, null));
    }

    /** Maps luma onto a random palette of two or three colours, mixed over the photo. */
    private static Edit gradientMap(Random rng) {
        int stops = Rand.intBetween(rng, 2, 3);
        double[][] palette = new double[stops][];
        for (int i = 0; i < stops; i++) {
            palette[i] = Rand.randomColor(rng);
        }
        // Darkest stop first, so the map keeps the photo's tonality.
        java.util.Arrays.sort(palette, java.util.Comparator.comparingDouble(
                c -> c[0] * Img.LUMA[0] + c[1] * Img.LUMA[1] + c[2] * Img.LUMA[2]));
        palette[0] = new double[] {palette[0][0] * 0.3, palette[0][1] * 0.3, palette[0][2] * 0.3};
        double amount = Rand.uniform(rng, 0.4, 1);
        double[] flat = new double[stops * 3];
        for (int i = 0; i < stops; i++) {
            System.arraycopy(palette[i], 0, flat, 3 * i, 3);
        }
        return new OpEdit(describe("gradient_map", "palette", flat, "amount", amount), rgb -> {
            float[] data = Img.floats(rgb);
            for (int i = 0; i < data.length; i += 3) {
                double luma = data[i] * Img.LUMA[0] + data[i + 1] * Img.LUMA[1] + data[i + 2] * Img.LUMA[2];
                double pos = Math.min(1, Math.max(0, luma)) * (stops - 1);
                int k = Math.min(stops - 2, (int) pos);
                double t = pos - k;
                for (int c = 0; c < 3; c++) {
                    double mapped = palette[k][c] + t * (palette[k + 1][c] - palette[k][c]);
                    data[i + c] = (float) (data[i + c] + amount * (mapped - data[i + c]));
                }
            }
            return Img.fromFloats(data, rgb.rows(), rgb.cols(), CvType.CV_32FC3);
        });
    }

    /** ASC CDL per channel: (x * slope + offset) ^ power, the grading primitive of colour correctors. */
    private static Edit colorBalance(Random rng) {
        double[] slope = new double[3];
        double[] offset = new double[3];
        double[] power = new double[3];
        for (int c = 0; c < 3; c++) {
            slope[c] = Rand.uniform(rng, 0.8, 1.25);
            offset[c] = Rand.uniform(rng, -0.06, 0.06);
            power[c] = Rand.uniform(rng, 0.75, 1.3);
        }
        slope[rng.nextInt(3)] *= rng.nextBoolean() ? 1.15 : 0.85; // at least one channel moves clearly
        ToneCurve[] curves = new ToneCurve[3];
        for (int c = 0; c < 3; c++) {
            int ch = c;
            curves[c] = ToneCurve.of(x -> Math.pow(Math.max(0, x * slope[ch] + offset[ch]), power[ch]));
        }
        return new OpEdit(describe("color_balance_cdl", "slope", slope, "offset", offset, "power", power),
                rgb -> ToneCurve.apply(rgb, curves[0], curves[1], curves[2]));
    }
}
