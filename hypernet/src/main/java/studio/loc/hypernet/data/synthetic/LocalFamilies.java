package studio.loc.hypernet.data.synthetic;

import static studio.loc.hypernet.data.synthetic.OpEdit.describe;

import java.util.List;
import java.util.Random;
import org.opencv.core.Core;
import org.opencv.core.CvType;
import org.opencv.core.Mat;
import org.opencv.core.Scalar;
import org.opencv.core.Size;
import org.opencv.imgproc.CLAHE;
import org.opencv.imgproc.Imgproc;
import studio.loc.diffusion.image.MatScope;

/**
 * Edits whose effect depends on where a pixel is or on its neighbourhood (devset: ImageMagick vignette). Positions
 * are in normalised coordinates (-1..1 across each axis), so the same edit lands in the same place at any size.
 */
final class LocalFamilies {

    private LocalFamilies() {
    }

    static List<EditFamily> all() {
        return List.of(
                new Family("vignette", EditCategory.LOCAL, LocalFamilies::vignette),
                new Family("clahe", EditCategory.LOCAL, LocalFamilies::clahe),
                new Family("bloom", EditCategory.LOCAL, LocalFamilies::bloom),
                new Family("tilt_shift", EditCategory.LOCAL, LocalFamilies::tiltShift),
                new Family("graduated_filter", EditCategory.LOCAL, LocalFamilies::graduatedFilter),
                new Family("spotlight", EditCategory.LOCAL, LocalFamilies::spotlight));
    }

    /** Darkens (or, sometimes, whitens) the corners with a soft elliptical falloff. */
    private static Edit vignette(Random rng) {
        double strength = Rand.uniform(rng, 0.4, 0.95);
        double radius = Rand.uniform(rng, 0.7, 1.2);
        double softness = Rand.uniform(rng, 0.4, 0.9);
        boolean white = rng.nextInt(4) == 0;
        return new OpEdit(describe("vignette", "strength", strength, "radius", radius, "softness", softness,
                "color", white ? "white" : "black"), rgb -> {
                    try (MatScope scope = new MatScope()) {
                        Mat weight = scope.add(radialWeight(rgb, 0, 0, radius, softness, strength));
                        Mat target = scope.add(new Mat(rgb.size(), rgb.type(), Scalar.all(white ? 1 : 0)));
                        return Img.blendByMask(rgb, target, weight);
                    }
                });
    }

    /** 0 inside an ellipse of the given radius around (cx, cy), rising smoothly to {@code strength} outside. */
    private static Mat radialWeight(Mat image, double cx, double cy, double radius, double softness, double strength) {
        int rows = image.rows();
        int cols = image.cols();
        float[] w = new float[rows * cols];
        double inner = radius * (1 - softness);
        double span = radius * softness + 1e-6;
        for (int row = 0; row < rows; row++) {
            double dy = Img.normalised(row, rows) - cy;
            for (int col = 0; col < cols; col++) {
                double dx = Img.normalised(col, cols) - cx;
                double d = Math.sqrt((dx * dx + dy * dy) / 2);
                double t = Math.min(1, Math.max(0, (d - inner) / span));
                w[row * cols + col] = (float) (strength * t * t * (3 - 2 * t));
            }
        }
        return Img.fromFloats(w, rows, cols, CvType.CV_32FC1);
    }

    /**
     * Contrast-limited adaptive histogram equalisation of lightness (Lab L). CLAHE runs on 8-bit L (16-bit would
     * build 65536-bin histograms per tile, too slow for training); only its change is added back to the float L,
     * so the output keeps the input's precision.
     */
    private static Edit clahe(Random rng) {
        double clip = Rand.uniform(rng, 1.5, 4);
        int tiles = Rand.intBetween(rng, 4, 8);
        return new OpEdit(describe("clahe", "clipLimit", clip, "tiles", tiles), rgb -> {
            try (MatScope scope = new MatScope()) {
                Mat lab = scope.newMat();
                Imgproc.cvtColor(rgb, lab, Imgproc.COLOR_RGB2Lab);
                List<Mat> channels = scope.addAll(Img.split(lab));
                Mat lightness8 = scope.newMat();
                channels.get(0).convertTo(lightness8, CvType.CV_8U, 255.0 / 100);
                Mat equalised8 = scope.newMat();
                CLAHE equaliser = Imgproc.createCLAHE(clip, new Size(tiles, tiles));
                equaliser.apply(lightness8, equalised8);
                Mat before = scope.newMat();
                Mat after = scope.newMat();
                lightness8.convertTo(before, CvType.CV_32F, 100 / 255.0);
                equalised8.convertTo(after, CvType.CV_32F, 100 / 255.0);
                Core.subtract(after, before, after);
                Core.add(channels.get(0), after, channels.get(0));
                Core.merge(channels, lab);
                Mat out = scope.newMat();
                Imgproc.cvtColor(lab, out, Imgproc.COLOR_Lab2RGB);
                return scope.keep(out);
            }
        });
    }

    /** Bright areas bleed light into their surroundings (screen blend of their blurred excess). */
    private static Edit bloom(Random rng) {
        double threshold = Rand.uniform(rng, 0.45, 0.75);
        double sigma = Rand.uniform(rng, 0.02, 0.07);
        double strength = Rand.uniform(rng, 0.6, 1.5);
        return new OpEdit(describe("bloom", "threshold", threshold, "sigma", sigma, "strength", strength), rgb -> {
            try (MatScope scope = new MatScope()) {
                Mat excess = scope.newMat();
                Core.subtract(rgb, Scalar.all(threshold), excess);
                Core.max(excess, Scalar.all(0), excess);
                Mat glow = scope.add(Img.gaussian(excess, Img.px(rgb, sigma)));
                glow.convertTo(glow, CvType.CV_32FC3, strength / (1 - threshold));
                Img.clamp(glow, 0, 1);
                // screen: 1 - (1 - a)(1 - b)
                Mat product = scope.newMat();
                Core.multiply(rgb, glow, product);
                Mat out = scope.newMat();
                Core.add(rgb, glow, out);
                Core.subtract(out, product, out);
                return scope.keep(out);
            }
        });
    }

    /** Sharp band across the image, blur growing away from it, a little extra saturation: the miniature look. */
    private static Edit tiltShift(Random rng) {
        double center = Rand.uniform(rng, -0.3, 0.3);
        double band = Rand.uniform(rng, 0.1, 0.35);
        double sigma = Rand.uniform(rng, 0.01, 0.03);
        double saturation = Rand.uniform(rng, 1, 1.4);
        boolean vertical = rng.nextInt(4) == 0;
        return new OpEdit(describe("tilt_shift", "center", center, "band", band, "sigma", sigma,
                "saturation", saturation, "vertical", vertical), rgb -> {
                    Mat blurred = Img.gaussian(rgb, Img.px(rgb, sigma));
                    int rows = rgb.rows();
                    int cols = rgb.cols();
                    float[] w = new float[rows * cols];
                    for (int row = 0; row < rows; row++) {
                        for (int col = 0; col < cols; col++) {
                            double pos = vertical ? Img.normalised(col, cols) : Img.normalised(row, rows);
                            double t = Math.min(1, Math.max(0, (Math.abs(pos - center) - band) / 0.5));
                            w[row * cols + col] = (float) (t * t * (3 - 2 * t));
                        }
                    }
                    try (MatScope scope = new MatScope()) {
                        scope.add(blurred);
                        Mat weight = scope.add(Img.fromFloats(w, rgb.rows(), rgb.cols(), CvType.CV_32FC1));
                        Mat mixed = scope.add(Img.blendByMask(rgb, blurred, weight));
                        Mat gray = scope.add(Img.gray3(scope.add(Img.luma(mixed))));
                        return Img.mix(gray, mixed, saturation);
                    }
                });
    }

    /** A graduated filter: one side of the image darkened and tinted along a straight, soft transition. */
    private static Edit graduatedFilter(Random rng) {
        double angle = Rand.uniform(rng, 0, 360);
        double offset = Rand.uniform(rng, -0.3, 0.3);
        double softness = Rand.uniform(rng, 0.3, 1);
        double darken = Rand.uniform(rng, 0.2, 0.7);
        double[] tint = Rand.hueColor(Rand.uniform(rng, 0, 360));
        double tintAmount = rng.nextBoolean() ? 0 : Rand.uniform(rng, 0.1, 0.3);
        return new OpEdit(describe("graduated_filter", "angle", angle, "offset", offset, "softness", softness,
                "darken", darken, "tintAmount", tintAmount), rgb -> {
                    int rows = rgb.rows();
                    int cols = rgb.cols();
                    double ca = Math.cos(Math.toRadians(angle));
                    double sa = Math.sin(Math.toRadians(angle));
                    float[] data = Img.floats(rgb);
                    for (int row = 0; row < rows; row++) {
                        double y = Img.normalised(row, rows);
                        for (int col = 0; col < cols; col++) {
                            double x = Img.normalised(col, cols);
                            double t = Math.min(1, Math.max(0, ((x * ca + y * sa) - offset) / softness + 0.5));
                            double w = t * t * (3 - 2 * t);
                            int p = 3 * (row * cols + col);
                            for (int c = 0; c < 3; c++) {
                                data[p + c] = (float) (data[p + c] * (1 - darken * w) + tintAmount * w * tint[c]);
                            }
                        }
                    }
                    return Img.fromFloats(data, rgb.rows(), rgb.cols(), CvType.CV_32FC3);
                });
    }

    /** Brightens an ellipse somewhere in the frame and dims the rest, like a radial filter. */
    private static Edit spotlight(Random rng) {
        double cx = Rand.uniform(rng, -0.5, 0.5);
        double cy = Rand.uniform(rng, -0.5, 0.5);
        double radius = Rand.uniform(rng, 0.4, 0.8);
        double boost = Rand.uniform(rng, 0.1, 0.35);
        double dim = Rand.uniform(rng, 0.2, 0.5);
        return new OpEdit(describe("spotlight", "cx", cx, "cy", cy, "radius", radius, "boost", boost, "dim", dim),
                rgb -> {
                    try (MatScope scope = new MatScope()) {
                        Mat outside = scope.add(radialWeight(rgb, cx, cy, radius, 0.6, 1));
                        // gain: 1 + boost at the centre, 1 - dim far outside
                        Mat gain = scope.newMat();
                        outside.convertTo(gain, CvType.CV_32F, -(boost + dim), 1 + boost);
                        return Img.multiplyByMap(rgb, gain);
                    }
                });
    }
}
