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
        double strength = Rand.uniform(rng, 0.4, 1);
        double radius = Rand.uniform(rng, 0.5, 1.0);
        double softness = Rand.uniform(rng, 0.3, 0.8);
        boolean white = rng.nextInt(4) == 0;
        return new OpEdit(describe("vignette", "strength", strength, "radius", radius, "softness", softness,
                "color", white ? "white" : "black"), rgb -> {
                    Mat weight = radialWeight(rgb, 0, 0, radius, softness, strength);
                    Mat target = new Mat(rgb.size(), rgb.type(), Scalar.all(white ? 1 : 0));
                    Mat out = Img.blendByMask(rgb, target, weight);
                    Img.releaseAll(weight, target);
                    return out;
                });
    }

    /** 0 inside an ellipse of the given radius around (cx, cy), rising smoothly to {@code strength} outside. */
    private static Mat radialWeight(Mat image, double cx, double cy, double radius, double softness, double strength) {
        Mat[] xy = Img.normalisedCoordinates(image);
        float[] x = Img.floats(xy[0]);
        float[] y = Img.floats(xy[1]);
        float[] w = new float[x.length];
        for (int i = 0; i < w.length; i++) {
            double d = Math.hypot(x[i] - cx, y[i] - cy) / Math.sqrt(2);
            double t = Math.min(1, Math.max(0, (d - radius * (1 - softness)) / (radius * softness + 1e-6)));
            w[i] = (float) (strength * t * t * (3 - 2 * t));
        }
        Img.releaseAll(xy);
        return Img.fromFloats(w, image.rows(), image.cols(), CvType.CV_32FC1);
    }

    /** Contrast-limited adaptive histogram equalisation of lightness (Lab L, 16-bit so nothing bands). */
    private static Edit clahe(Random rng) {
        double clip = Rand.uniform(rng, 1.5, 4);
        int tiles = Rand.intBetween(rng, 4, 8);
        return new OpEdit(describe("clahe", "clipLimit", clip, "tiles", tiles), rgb -> {
            Mat lab = new Mat();
            Imgproc.cvtColor(rgb, lab, Imgproc.COLOR_RGB2Lab);
            List<Mat> channels = Img.split(lab);
            Mat lightness16 = new Mat();
            channels.get(0).convertTo(lightness16, CvType.CV_16U, 65535.0 / 100);
            CLAHE equaliser = Imgproc.createCLAHE(clip, new Size(tiles, tiles));
            equaliser.apply(lightness16, lightness16);
            lightness16.convertTo(channels.get(0), CvType.CV_32F, 100 / 65535.0);
            Core.merge(channels, lab);
            Mat out = new Mat();
            Imgproc.cvtColor(lab, out, Imgproc.COLOR_Lab2RGB);
            Img.releaseAll(lab, lightness16);
            channels.forEach(Mat::release);
            return out;
        });
    }

    /** Bright areas bleed light into their surroundings (screen blend of their blurred excess). */
    private static Edit bloom(Random rng) {
        double threshold = Rand.uniform(rng, 0.45, 0.75);
        double sigma = Rand.uniform(rng, 0.02, 0.07);
        double strength = Rand.uniform(rng, 0.6, 1.5);
        return new OpEdit(describe("bloom", "threshold", threshold, "sigma", sigma, "strength", strength), rgb -> {
            Mat excess = new Mat();
            Core.subtract(rgb, Scalar.all(threshold), excess);
            Core.max(excess, Scalar.all(0), excess);
            Mat glow = Img.gaussian(excess, Img.px(rgb, sigma));
            glow.convertTo(glow, CvType.CV_32FC3, strength / (1 - threshold));
            Img.clamp(glow, 0, 1);
            // screen: 1 - (1 - a)(1 - b)
            Mat product = new Mat();
            Core.multiply(rgb, glow, product);
            Mat out = new Mat();
            Core.add(rgb, glow, out);
            Core.subtract(out, product, out);
            Img.releaseAll(excess, glow, product);
            return out;
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
                    Mat[] xy = Img.normalisedCoordinates(rgb);
                    float[] pos = Img.floats(vertical ? xy[0] : xy[1]);
                    float[] w = new float[pos.length];
                    for (int i = 0; i < w.length; i++) {
                        double t = Math.min(1, Math.max(0, (Math.abs(pos[i] - center) - band) / 0.5));
                        w[i] = (float) (t * t * (3 - 2 * t));
                    }
                    Mat weight = Img.fromFloats(w, rgb.rows(), rgb.cols(), CvType.CV_32FC1);
                    Mat mixed = Img.blendByMask(rgb, blurred, weight);
                    Mat luma = Img.luma(mixed);
                    Mat gray = Img.gray3(luma);
                    Mat out = Img.mix(gray, mixed, saturation);
                    Img.releaseAll(blurred, weight, mixed, luma, gray);
                    Img.releaseAll(xy);
                    return out;
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
                    Mat[] xy = Img.normalisedCoordinates(rgb);
                    float[] x = Img.floats(xy[0]);
                    float[] y = Img.floats(xy[1]);
                    Img.releaseAll(xy);
                    double ca = Math.cos(Math.toRadians(angle));
                    double sa = Math.sin(Math.toRadians(angle));
                    float[] data = Img.floats(rgb);
                    for (int p = 0; p < x.length; p++) {
                        double t = Math.min(1, Math.max(0, ((x[p] * ca + y[p] * sa) - offset) / softness + 0.5));
                        double w = t * t * (3 - 2 * t);
                        for (int c = 0; c < 3; c++) {
                            data[3 * p + c] = (float) (data[3 * p + c] * (1 - darken * w) + tintAmount * w * tint[c]);
                        }
                    }
                    return Img.fromFloats(data, rgb.rows(), rgb.cols(), CvType.CV_32FC3);
                });
    }

    /** Brightens an ellipse somewhere in the frame and dims the rest, like a radial filter. */
    private static Edit spotlight(Random rng) {
        double cx = Rand.uniform(rng, -0.5, 0.5);
        double cy = Rand.uniform(rng, -0.5, 0.5);
        double radius = Rand.uniform(rng, 0.3, 0.7);
        double boost = Rand.uniform(rng, 0.1, 0.4);
        double dim = Rand.uniform(rng, 0.3, 0.7);
        return new OpEdit(describe("spotlight", "cx", cx, "cy", cy, "radius", radius, "boost", boost, "dim", dim),
                rgb -> {
                    Mat outside = radialWeight(rgb, cx, cy, radius, 0.6, 1);
                    // gain: 1 + boost at the centre, 1 - dim far outside
                    Mat gain = new Mat();
                    outside.convertTo(gain, CvType.CV_32F, -(boost + dim), 1 + boost);
                    Mat out = Img.multiplyByMap(rgb, gain);
                    Img.releaseAll(outside, gain);
                    return out;
                });
    }
}
