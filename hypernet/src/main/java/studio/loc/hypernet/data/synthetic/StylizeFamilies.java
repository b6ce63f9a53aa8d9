package studio.loc.hypernet.data.synthetic;

import static studio.loc.hypernet.data.synthetic.OpEdit.describe;

import java.util.List;
import java.util.Random;
import java.util.SplittableRandom;
import org.opencv.core.Core;
import org.opencv.core.CvType;
import org.opencv.core.Mat;
import org.opencv.core.Size;
import org.opencv.core.TermCriteria;
import org.opencv.imgproc.Imgproc;
import studio.loc.diffusion.image.MatScope;

/** Strong, non-photographic looks (devset: G'MIC cartoon), plus noise and grain. */
final class StylizeFamilies {

    private StylizeFamilies() {
    }

    static List<EditFamily> all() {
        return List.of(
                new Family("posterize", EditCategory.STYLIZE, StylizeFamilies::posterize),
                new Family("cartoon", EditCategory.STYLIZE, StylizeFamilies::cartoon),
                new Family("pencil_sketch", EditCategory.STYLIZE, StylizeFamilies::pencilSketch),
                new Family("pixelate", EditCategory.STYLIZE, StylizeFamilies::pixelate),
                new Family("kmeans_quantize", EditCategory.STYLIZE, StylizeFamilies::kmeansQuantize),
                new Family("emboss", EditCategory.STYLIZE, StylizeFamilies::emboss),
                new Family("solarize", EditCategory.STYLIZE, StylizeFamilies::solarize),
                new Family("invert", EditCategory.STYLIZE, StylizeFamilies::invert),
                new Family("gaussian_noise", EditCategory.STYLIZE, StylizeFamilies::gaussianNoise),
                new Family("film_grain", EditCategory.STYLIZE, StylizeFamilies::filmGrain));
    }

    private static Edit posterize(Random rng) {
        int levels = Rand.intBetween(rng, 2, 6);
        return new OpEdit(describe("posterize", "levels", levels), rgb -> posterized(rgb, levels));
    }

    /** Rounds every channel to {@code levels} evenly spaced values (convertTo rounds to nearest). */
    static Mat posterized(Mat rgb, int levels) {
        try (MatScope scope = new MatScope()) {
            Mat steps = scope.newMat();
            rgb.convertTo(steps, CvType.CV_32SC3, levels - 1);
            Mat out = scope.newMat();
            steps.convertTo(out, CvType.CV_32FC3, 1.0 / (levels - 1));
            return scope.keep(out);
        }
    }

    /** Edge-preserving smoothing, flattened colours, and dark outlines from an adaptive threshold. */
    private static Edit cartoon(Random rng) {
        int passes = Rand.intBetween(rng, 1, 3);
        double sigmaColor = Rand.uniform(rng, 0.1, 0.3);
        int levels = Rand.intBetween(rng, 4, 10);
        double edgeSize = Rand.uniform(rng, 0.02, 0.05);
        double edgeStrength = Rand.uniform(rng, 0.6, 1);
        double saturation = Rand.uniform(rng, 1, 1.5);
        return new OpEdit(describe("cartoon", "passes", passes, "sigmaColor", sigmaColor, "levels", levels,
                "edgeSize", edgeSize, "edgeStrength", edgeStrength, "saturation", saturation), rgb -> {
                    double space = Math.max(1, Img.px(rgb, 0.012));
                    int d = Math.min(15, 2 * (int) Math.ceil(1.5 * space) + 1);
                    try (MatScope scope = new MatScope()) {
                        Mat smooth = scope.add(rgb.clone());
                        for (int i = 0; i < passes; i++) {
                            Mat next = scope.newMat();
                            Imgproc.bilateralFilter(smooth, next, d, sigmaColor, space);
                            smooth = next;
                        }
                        Mat luma = scope.add(Img.luma(smooth));
                        Mat gray3 = scope.add(Img.gray3(luma));
                        Mat vivid = scope.add(Img.mix(gray3, smooth, saturation));
                        Mat flat = scope.add(posterized(vivid, levels));
                        Mat gray8 = scope.newMat();
                        luma.convertTo(gray8, CvType.CV_8U, 255);
                        Imgproc.medianBlur(gray8, gray8, 5);
                        Mat edges = scope.newMat();
                        int block = Img.oddKernel(rgb, edgeSize);
                        Imgproc.adaptiveThreshold(gray8, edges, 255, Imgproc.ADAPTIVE_THRESH_MEAN_C,
                                Imgproc.THRESH_BINARY, block, 4);
                        Mat ink = scope.newMat();
                        // 255 = no edge; ink is 1 away from edges and (1 - edgeStrength) on them.
                        edges.convertTo(ink, CvType.CV_32F, edgeStrength / 255.0, 1 - edgeStrength);
                        return Img.multiplyByMap(flat, ink);
                    }
                });
    }

    /** Colour-dodge of the grey image by its blurred negative; optionally tinted with the photo's colours. */
    private static Edit pencilSketch(Random rng) {
        double sigma = Rand.uniform(rng, 0.01, 0.04);
        double color = rng.nextBoolean() ? 0 : Rand.uniform(rng, 0.2, 0.6);
        double darkness = Rand.uniform(rng, 1, 2);
        return new OpEdit(describe("pencil_sketch", "sigma", sigma, "color", color, "darkness", darkness), rgb -> {
            try (MatScope scope = new MatScope()) {
                Mat gray = scope.add(Img.luma(rgb));
                Mat negative = scope.newMat();
                gray.convertTo(negative, CvType.CV_32F, -1, 1);
                Mat blurred = scope.add(Img.gaussian(negative, Img.px(rgb, sigma)));
                Mat denominator = scope.newMat();
                blurred.convertTo(denominator, CvType.CV_32F, -1, 1.0001);
                Mat sketch = scope.newMat();
                Core.divide(gray, denominator, sketch);
                Img.clamp(sketch, 0, 1);
                Core.pow(sketch, darkness, sketch);
                Mat sketch3 = scope.add(Img.gray3(sketch));
                if (color > 0) {
                    Mat tinted = scope.newMat();
                    Core.multiply(sketch3, rgb, tinted);
                    return Img.mix(sketch3, tinted, color);
                }
                return sketch3.clone();
            }
        });
    }

    private static Edit pixelate(Random rng) {
        double block = Rand.uniform(rng, 1 / 64.0, 1 / 16.0);
        return new OpEdit(describe("pixelate", "block", block), rgb -> {
            double px = Math.max(2, Img.px(rgb, block));
            int w = Math.max(1, (int) Math.round(rgb.cols() / px));
            int h = Math.max(1, (int) Math.round(rgb.rows() / px));
            try (MatScope scope = new MatScope()) {
                Mat small = scope.newMat();
                Imgproc.resize(rgb, small, new Size(w, h), 0, 0, Imgproc.INTER_AREA);
                Mat out = scope.newMat();
                Imgproc.resize(small, out, rgb.size(), 0, 0, Imgproc.INTER_NEAREST);
                return scope.keep(out);
            }
        });
    }

    /**
     * Reduces the photo to k colours found by k-means on a thumbnail. The initial labels come from luma bins
     * (not OpenCV's global random generator), so the result is a deterministic function of the image.
     */
    private static Edit kmeansQuantize(Random rng) {
        int k = Rand.intBetween(rng, 3, 10);
        return new OpEdit(describe("kmeans_quantize", "k", k), rgb -> {
            double scale = Math.min(1, 64.0 / Math.max(rgb.rows(), rgb.cols()));
            float[] palette;
            try (MatScope scope = new MatScope()) {
                Mat thumb = scope.newMat();
                Imgproc.resize(rgb, thumb, new Size(Math.max(1, rgb.cols() * scale),
                        Math.max(1, rgb.rows() * scale)), 0, 0, Imgproc.INTER_AREA);
                int n = (int) thumb.total();
                Mat samples = scope.add(thumb.reshape(1, n));
                float[] pixels = Img.floats(samples);
                Integer[] order = new Integer[n];
                for (int i = 0; i < n; i++) {
                    order[i] = i;
                }
                java.util.Arrays.sort(order, java.util.Comparator.comparingDouble(i -> pixels[3 * i] * Img.LUMA[0]
                        + pixels[3 * i + 1] * Img.LUMA[1] + pixels[3 * i + 2] * Img.LUMA[2]));
                int clusters = Math.min(k, n);
                int[] initial = new int[n];
                for (int rank = 0; rank < n; rank++) {
                    initial[order[rank]] = rank * clusters / n;
                }
                Mat labels = scope.add(new Mat(n, 1, CvType.CV_32S));
                labels.put(0, 0, initial);
                Mat centers = scope.newMat();
                Core.kmeans(samples, clusters, labels,
                        new TermCriteria(TermCriteria.EPS + TermCriteria.COUNT, 20, 1e-4), 1,
                        Core.KMEANS_USE_INITIAL_LABELS, centers);
                palette = Img.floats(centers);
            }
            float[] data = Img.floats(rgb);
            int count = palette.length / 3;
            for (int i = 0; i < data.length; i += 3) {
                int best = 0;
                float bestDistance = Float.MAX_VALUE;
                for (int c = 0; c < count; c++) {
                    float dr = data[i] - palette[3 * c];
                    float dg = data[i + 1] - palette[3 * c + 1];
                    float db = data[i + 2] - palette[3 * c + 2];
                    float distance = dr * dr + dg * dg + db * db;
                    if (distance < bestDistance) {
                        bestDistance = distance;
                        best = c;
                    }
                }
                data[i] = palette[3 * best];
                data[i + 1] = palette[3 * best + 1];
                data[i + 2] = palette[3 * best + 2];
            }
            return Img.fromFloats(data, rgb.rows(), rgb.cols(), CvType.CV_32FC3);
        });
    }

    /** Relief from a directional derivative of the (slightly smoothed) grey image, optionally keeping colour. */
    private static Edit emboss(Random rng) {
        double angle = Rand.uniform(rng, 0, 360);
        double strength = Rand.uniform(rng, 2, 6);
        double keepColor = rng.nextBoolean() ? 0 : Rand.uniform(rng, 0.3, 0.7);
        return new OpEdit(describe("emboss", "angle", angle, "strength", strength, "keepColor", keepColor), rgb -> {
            double sigma = Math.max(0.5, Img.px(rgb, 0.004));
            try (MatScope scope = new MatScope()) {
                Mat gray = scope.add(Img.luma(rgb));
                Mat smooth = scope.add(Img.gaussian(gray, sigma));
                Mat dx = scope.newMat();
                Mat dy = scope.newMat();
                Imgproc.Sobel(smooth, dx, CvType.CV_32F, 1, 0, 3);
                Imgproc.Sobel(smooth, dy, CvType.CV_32F, 0, 1, 3);
                // Derivatives shrink as pixels shrink; scaling by sigma keeps the relief the same at any size.
                double k = strength * sigma / 8;
                Mat relief = scope.newMat();
                Core.addWeighted(dx, k * Math.cos(Math.toRadians(angle)), dy, k * Math.sin(Math.toRadians(angle)),
                        0.5, relief);
                Mat relief3 = scope.add(Img.gray3(relief));
                if (keepColor > 0) {
                    Mat shifted = scope.newMat();
                    Core.add(rgb, relief3, shifted);
                    Core.subtract(shifted, org.opencv.core.Scalar.all(0.5), shifted);
                    return Img.mix(relief3, shifted, keepColor);
                }
                return relief3.clone();
            }
        });
    }

    /** Inverts values above a threshold, as ImageMagick's -solarize. */
    private static Edit solarize(Random rng) {
        double threshold = Rand.uniform(rng, 0.35, 0.75);
        ToneCurve curve = ToneCurve.of(x -> x > threshold ? 1 - x : x);
        return new OpEdit(describe("solarize", "threshold", threshold), rgb -> ToneCurve.applyToAll(rgb, curve));
    }

    /** Negative of a random non-empty set of channels. */
    private static Edit invert(Random rng) {
        int mask = Rand.intBetween(rng, 1, 7);
        boolean[] inverted = {(mask & 1) != 0, (mask & 2) != 0, (mask & 4) != 0};
        ToneCurve negative = ToneCurve.of(x -> 1 - x);
        ToneCurve same = ToneCurve.identity();
        String channels = (inverted[0] ? "R" : "") + (inverted[1] ? "G" : "") + (inverted[2] ? "B" : "");
        return new OpEdit(describe("invert", "channels", channels), rgb -> ToneCurve.apply(rgb,
                inverted[0] ? negative : same, inverted[1] ? negative : same, inverted[2] ? negative : same));
    }

    /**
     * Additive gaussian noise from a seed drawn with the edit, so that the edit stays a deterministic function
     * (the same image gives the same noise; A and B get the same noise field where their pixels coincide).
     */
    private static Edit gaussianNoise(Random rng) {
        double sigma = Rand.uniform(rng, 0.03, 0.12);
        boolean mono = rng.nextBoolean();
        long seed = rng.nextLong();
        return new OpEdit(describe("gaussian_noise", "sigma", sigma, "mono", mono, "seed", seed), rgb -> {
            SplittableRandom noise = new SplittableRandom(seed);
            float[] data = Img.floats(rgb);
            for (int i = 0; i < data.length; i += 3) {
                if (mono) {
                    float n = (float) (sigma * noise.nextGaussian());
                    data[i] += n;
                    data[i + 1] += n;
                    data[i + 2] += n;
                } else {
                    data[i] += (float) (sigma * noise.nextGaussian());
                    data[i + 1] += (float) (sigma * noise.nextGaussian());
                    data[i + 2] += (float) (sigma * noise.nextGaussian());
                }
            }
            return Img.fromFloats(data, rgb.rows(), rgb.cols(), CvType.CV_32FC3);
        });
    }

    /**
     * Film grain: monochrome noise drawn on a grid relative to the image size (so the grain is as coarse at 1024 px
     * as at 256 px), upsampled, and strongest in the midtones as on film.
     */
    private static Edit filmGrain(Random rng) {
        double strength = Rand.uniform(rng, 0.03, 0.1);
        double grainSize = Rand.uniform(rng, 1 / 256.0, 3 / 256.0);
        long seed = rng.nextLong();
        return new OpEdit(describe("film_grain", "strength", strength, "grainSize", grainSize, "seed", seed), rgb -> {
            double px = Math.max(1, Img.px(rgb, grainSize));
            int w = Math.max(1, (int) Math.round(rgb.cols() / px));
            int h = Math.max(1, (int) Math.round(rgb.rows() / px));
            SplittableRandom noise = new SplittableRandom(seed);
            float[] grid = new float[w * h];
            for (int i = 0; i < grid.length; i++) {
                grid[i] = (float) noise.nextGaussian();
            }
            float[] g;
            float[] l;
            try (MatScope scope = new MatScope()) {
                Mat small = scope.add(Img.fromFloats(grid, h, w, CvType.CV_32FC1));
                Mat grain = scope.newMat();
                Imgproc.resize(small, grain, rgb.size(), 0, 0, Imgproc.INTER_CUBIC);
                g = Img.floats(grain);
                l = Img.floats(scope.add(Img.luma(rgb)));
            }
            float[] data = Img.floats(rgb);
            for (int p = 0; p < g.length; p++) {
                float midtone = 4 * l[p] * (1 - l[p]);
                float n = (float) (strength * g[p] * (0.3 + 0.7 * Math.max(0, midtone)));
                data[3 * p] += n;
                data[3 * p + 1] += n;
                data[3 * p + 2] += n;
            }
            return Img.fromFloats(data, rgb.rows(), rgb.cols(), CvType.CV_32FC3);
        });
    }
}
