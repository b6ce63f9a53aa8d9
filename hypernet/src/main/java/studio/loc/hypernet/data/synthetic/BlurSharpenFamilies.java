package studio.loc.hypernet.data.synthetic;

import static studio.loc.hypernet.data.synthetic.OpEdit.describe;

import java.util.List;
import java.util.Random;
import org.opencv.core.Core;
import org.opencv.core.CvType;
import org.opencv.core.Mat;
import org.opencv.core.Point;
import org.opencv.core.Scalar;
import org.opencv.core.Size;
import org.opencv.imgproc.Imgproc;
import studio.loc.diffusion.image.MatScope;

/**
 * Blur, sharpening and denoising (devset: ImageMagick gaussian blur and unsharp). Radii are fractions of the shorter
 * side: 0.01 is 2.56 px at 256 px and 10 px at 1024 px.
 */
final class BlurSharpenFamilies {

    private BlurSharpenFamilies() {
    }

    static List<EditFamily> all() {
        return List.of(
                new Family("gaussian_blur", EditCategory.BLUR_SHARPEN, BlurSharpenFamilies::gaussianBlur),
                new Family("box_blur", EditCategory.BLUR_SHARPEN, BlurSharpenFamilies::boxBlur),
                new Family("motion_blur", EditCategory.BLUR_SHARPEN, BlurSharpenFamilies::motionBlur),
                new Family("lens_blur", EditCategory.BLUR_SHARPEN, BlurSharpenFamilies::lensBlur),
                new Family("unsharp_mask", EditCategory.BLUR_SHARPEN, BlurSharpenFamilies::unsharpMask),
                new Family("sharpen", EditCategory.BLUR_SHARPEN, BlurSharpenFamilies::sharpen),
                new Family("bilateral_denoise", EditCategory.BLUR_SHARPEN, BlurSharpenFamilies::bilateral),
                new Family("median_denoise", EditCategory.BLUR_SHARPEN, BlurSharpenFamilies::median));
    }

    private static Edit gaussianBlur(Random rng) {
        double sigma = Rand.uniform(rng, 0.004, 0.025);
        return new OpEdit(describe("gaussian_blur", "sigma", sigma), rgb -> Img.gaussian(rgb, Img.px(rgb, sigma)));
    }

    private static Edit boxBlur(Random rng) {
        double size = Rand.uniform(rng, 0.015, 0.06);
        return new OpEdit(describe("box_blur", "size", size), rgb -> {
            int k = Img.oddKernel(rgb, size);
            Mat out = new Mat();
            Imgproc.blur(rgb, out, new Size(k, k), new Point(-1, -1), Core.BORDER_REFLECT101);
            return out;
        });
    }

    /** A straight streak of random length and angle, as from camera shake. */
    private static Edit motionBlur(Random rng) {
        double length = Rand.uniform(rng, 0.025, 0.08);
        double angle = Rand.uniform(rng, 0, 180);
        return new OpEdit(describe("motion_blur", "length", length, "angle", angle), rgb -> {
            int k = Img.oddKernel(rgb, length);
            try (MatScope scope = new MatScope()) {
                Mat kernel = scope.add(Mat.zeros(k, k, CvType.CV_32F));
                double c = (k - 1) / 2.0;
                double dx = Math.cos(Math.toRadians(angle));
                double dy = Math.sin(Math.toRadians(angle));
                Imgproc.line(kernel, new Point(c - dx * c, c - dy * c), new Point(c + dx * c, c + dy * c),
                        Scalar.all(1), 1, Imgproc.LINE_AA);
                Core.divide(kernel, Scalar.all(Core.sumElems(kernel).val[0]), kernel);
                Mat out = scope.newMat();
                Imgproc.filter2D(rgb, out, -1, kernel, new Point(-1, -1), 0, Core.BORDER_REFLECT101);
                return scope.keep(out);
            }
        });
    }

    /** Defocus: a disc kernel, which turns highlights into round bokeh rather than gaussian haze. */
    private static Edit lensBlur(Random rng) {
        double radius = Rand.uniform(rng, 0.008, 0.025);
        return new OpEdit(describe("lens_blur", "radius", radius), rgb -> {
            int r = Math.max(1, (int) Math.round(Img.px(rgb, radius)));
            int k = 2 * r + 1;
            try (MatScope scope = new MatScope()) {
                Mat kernel = scope.add(Mat.zeros(k, k, CvType.CV_32F));
                Imgproc.circle(kernel, new Point(r, r), r, Scalar.all(1), -1, Imgproc.LINE_AA);
                Core.divide(kernel, Scalar.all(Core.sumElems(kernel).val[0]), kernel);
                Mat out = scope.newMat();
                Imgproc.filter2D(rgb, out, -1, kernel, new Point(-1, -1), 0, Core.BORDER_REFLECT101);
                return scope.keep(out);
            }
        });
    }

    /** x + amount (x - blur(x)) where the difference exceeds a threshold, as ImageMagick's -unsharp. */
    private static Edit unsharpMask(Random rng) {
        double sigma = Rand.uniform(rng, 0.003, 0.02);
        double amount = Rand.uniform(rng, 0.6, 2.5);
        double threshold = rng.nextBoolean() ? 0 : Rand.uniform(rng, 0, 0.04);
        return new OpEdit(describe("unsharp_mask", "sigma", sigma, "amount", amount, "threshold", threshold), rgb -> {
            float[] x = Img.floats(rgb);
            float[] b;
            try (MatScope scope = new MatScope()) {
                b = Img.floats(scope.add(Img.gaussian(rgb, Img.px(rgb, sigma))));
            }
            for (int i = 0; i < x.length; i++) {
                float detail = x[i] - b[i];
                if (Math.abs(detail) >= threshold) {
                    x[i] += (float) (amount * detail);
                }
            }
            return Img.fromFloats(x, rgb.rows(), rgb.cols(), CvType.CV_32FC3);
        });
    }

    /** The classic sharpen kernel (identity plus a box high-pass), its box scaled with the image. */
    private static Edit sharpen(Random rng) {
        double amount = Rand.uniform(rng, 0.5, 2);
        double size = Rand.uniform(rng, 0.008, 0.016);
        return new OpEdit(describe("sharpen", "amount", amount, "size", size), rgb -> {
            int k = Img.oddKernel(rgb, size);
            try (MatScope scope = new MatScope()) {
                Mat box = scope.newMat();
                Imgproc.blur(rgb, box, new Size(k, k), new Point(-1, -1), Core.BORDER_REFLECT101);
                Mat out = scope.newMat();
                Core.addWeighted(rgb, 1 + amount, box, -amount, 0, out);
                return scope.keep(out);
            }
        });
    }

    private static Edit bilateral(Random rng) {
        double sigmaColor = Rand.uniform(rng, 0.06, 0.2);
        double sigmaSpace = Rand.uniform(rng, 0.01, 0.025);
        return new OpEdit(describe("bilateral_denoise", "sigmaColor", sigmaColor, "sigmaSpace", sigmaSpace), rgb -> {
            double space = Math.max(1, Img.px(rgb, sigmaSpace));
            // Cost grows with d squared; beyond 21 (about 256 px images) the window is capped to stay fast.
            int d = Math.min(21, 2 * (int) Math.ceil(1.5 * space) + 1);
            Mat out = new Mat();
            Imgproc.bilateralFilter(rgb, out, d, sigmaColor, space, Core.BORDER_REFLECT101);
            return out;
        });
    }

    /** Median filter; OpenCV's float median only goes to 5x5, so larger ones run on 8-bit. */
    private static Edit median(Random rng) {
        double size = Rand.uniform(rng, 0.012, 0.03);
        return new OpEdit(describe("median_denoise", "size", size), rgb -> {
            int k = Img.oddKernel(rgb, size);
            if (k <= 5) {
                Mat out = new Mat();
                Imgproc.medianBlur(rgb, out, k);
                return out;
            }
            try (MatScope scope = new MatScope()) {
                Mat u8 = scope.add(Img.to8u(rgb));
                Imgproc.medianBlur(u8, u8, k);
                return Img.toFloat(u8);
            }
        });
    }
}
