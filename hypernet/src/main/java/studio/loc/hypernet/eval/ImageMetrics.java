package studio.loc.hypernet.eval;

import org.opencv.core.Core;
import org.opencv.core.CvType;
import org.opencv.core.Mat;
import org.opencv.core.Size;
import org.opencv.imgproc.Imgproc;
import studio.loc.diffusion.image.MatScope;
import studio.loc.diffusion.image.OpenCv;

/**
 * The development set's image-quality metrics, defined as in {@code devset/README.md} so that numbers printed here
 * are comparable with its reference table. Inputs are RGB {@code CV_32FC3} Mats in [0, 1]; both images are first
 * quantised to 8 bits (what a PNG would hold), so a prediction is scored exactly as it would be once saved.
 */
public final class ImageMetrics {

    /**
     * PSNR of identical images is infinite; it is reported as this value instead so that means over quads stay
     * finite and a perfect prediction still ranks first.
     */
    public static final double PSNR_CAP_DB = 100.0;

    private static final int SSIM_WINDOW = 7;
    private static final double DATA_RANGE = 255.0;
    private static final double SSIM_C1 = Math.pow(0.01 * DATA_RANGE, 2);
    private static final double SSIM_C2 = Math.pow(0.03 * DATA_RANGE, 2);

    private ImageMetrics() {
    }

    /** Peak signal-to-noise ratio in dB over all pixels and channels, data range 255, capped at {@link #PSNR_CAP_DB}. */
    public static double psnr(Mat predicted, Mat truth) {
        checkPair(predicted, truth);
        try (MatScope scope = new MatScope()) {
            Mat p = scope.add(quantised64(predicted));
            Mat t = scope.add(quantised64(truth));
            double sumSquares = Core.norm(p, t, Core.NORM_L2SQR);
            double mse = sumSquares / ((double) p.total() * p.channels());
            if (mse == 0) {
                return PSNR_CAP_DB;
            }
            return Math.min(PSNR_CAP_DB, 10 * Math.log10(DATA_RANGE * DATA_RANGE / mse));
        }
    }

    /**
     * Mean structural similarity: 7x7 uniform window, sample covariance (N/(N-1)), K1 = 0.01, K2 = 0.03, L = 255,
     * computed per channel over the window positions that lie fully inside the image, then averaged over
     * channels — the same number as skimage's {@code structural_similarity(win_size=7, data_range=255,
     * channel_axis=-1)}.
     */
    public static double ssim(Mat predicted, Mat truth) {
        checkPair(predicted, truth);
        if (predicted.rows() < SSIM_WINDOW || predicted.cols() < SSIM_WINDOW) {
            throw new IllegalArgumentException("SSIM needs images of at least 7x7 pixels");
        }
        try (MatScope scope = new MatScope()) {
            Mat p = scope.add(quantised64(predicted));
            Mat t = scope.add(quantised64(truth));
            java.util.List<Mat> pc = new java.util.ArrayList<>();
            java.util.List<Mat> tc = new java.util.ArrayList<>();
            Core.split(p, pc);
            Core.split(t, tc);
            scope.addAll(pc);
            scope.addAll(tc);
            double sum = 0;
            for (int c = 0; c < pc.size(); c++) {
                sum += ssimChannel(pc.get(c), tc.get(c));
            }
            return sum / pc.size();
        }
    }

    /** Mean CIEDE2000 colour difference over pixels (sRGB D65 to CIELAB, kL = kC = kH = 1). */
    public static double meanCiede2000(Mat predicted, Mat truth) {
        checkPair(predicted, truth);
        try (MatScope scope = new MatScope()) {
            Mat p = scope.add(quantised64(predicted));
            Mat t = scope.add(quantised64(truth));
            double[] pv = new double[(int) p.total() * 3];
            double[] tv = new double[pv.length];
            p.get(0, 0, pv);
            t.get(0, 0, tv);
            double[] labP = new double[3];
            double[] labT = new double[3];
            double sum = 0;
            for (int i = 0; i < pv.length; i += 3) {
                Ciede2000.srgb8ToLab(pv[i], pv[i + 1], pv[i + 2], labP);
                Ciede2000.srgb8ToLab(tv[i], tv[i + 1], tv[i + 2], labT);
                sum += Ciede2000.deltaE(labP[0], labP[1], labP[2], labT[0], labT[1], labT[2]);
            }
            return sum / p.total();
        }
    }

    /** All three metrics for one prediction. */
    public static QuadScores score(Mat predicted, Mat truth) {
        return new QuadScores(psnr(predicted, truth), ssim(predicted, truth), meanCiede2000(predicted, truth));
    }

    private static double ssimChannel(Mat x, Mat y) {
        Size window = new Size(SSIM_WINDOW, SSIM_WINDOW);
        double n = SSIM_WINDOW * SSIM_WINDOW;
        double covNorm = n / (n - 1);
        // Only windows lying fully inside the image count: crop (win - 1) / 2 at every border.
        int pad = (SSIM_WINDOW - 1) / 2;
        int rows = x.rows() - 2 * pad;
        int cols = x.cols() - 2 * pad;
        double[] mx;
        double[] my;
        double[] mxx;
        double[] myy;
        double[] mxy;
        try (MatScope scope = new MatScope()) {
            Mat ux = scope.newMat();
            Mat uy = scope.newMat();
            Mat uxx = scope.newMat();
            Mat uyy = scope.newMat();
            Mat uxy = scope.newMat();
            Mat tmp = scope.newMat();
            Imgproc.boxFilter(x, ux, -1, window);
            Imgproc.boxFilter(y, uy, -1, window);
            Core.multiply(x, x, tmp);
            Imgproc.boxFilter(tmp, uxx, -1, window);
            Core.multiply(y, y, tmp);
            Imgproc.boxFilter(tmp, uyy, -1, window);
            Core.multiply(x, y, tmp);
            Imgproc.boxFilter(tmp, uxy, -1, window);
            mx = crop(ux, pad, rows, cols);
            my = crop(uy, pad, rows, cols);
            mxx = crop(uxx, pad, rows, cols);
            myy = crop(uyy, pad, rows, cols);
            mxy = crop(uxy, pad, rows, cols);
        }
        double sum = 0;
        for (int i = 0; i < mx.length; i++) {
            double vx = covNorm * (mxx[i] - mx[i] * mx[i]);
            double vy = covNorm * (myy[i] - my[i] * my[i]);
            double vxy = covNorm * (mxy[i] - mx[i] * my[i]);
            double num = (2 * mx[i] * my[i] + SSIM_C1) * (2 * vxy + SSIM_C2);
            double den = (mx[i] * mx[i] + my[i] * my[i] + SSIM_C1) * (vx + vy + SSIM_C2);
            sum += num / den;
        }
        return sum / mx.length;
    }

    private static double[] crop(Mat m, int pad, int rows, int cols) {
        double[] out = new double[rows * cols];
        try (MatScope scope = new MatScope()) {
            scope.continuous(scope.add(m.submat(pad, pad + rows, pad, pad + cols))).get(0, 0, out);
        }
        return out;
    }

    /**
     * 8-bit values (0..255) as doubles, quantised exactly as {@link RgbImages#write} stores them (OpenCV's
     * conversion: scale in float precision, round half to even, clamp).
     */
    static Mat quantised64(Mat rgb) {
        OpenCv.ensureLoaded();
        try (MatScope scope = new MatScope()) {
            Mat bytes = scope.newMat();
            rgb.convertTo(bytes, CvType.CV_8U, 255.0);
            Mat out = scope.newMat();
            bytes.convertTo(out, CvType.CV_64F);
            return scope.keep(out);
        }
    }

    private static void checkPair(Mat predicted, Mat truth) {
        if (predicted.type() != CvType.CV_32FC3 || truth.type() != CvType.CV_32FC3) {
            throw new IllegalArgumentException("metrics need CV_32FC3 RGB images, got "
                    + CvType.typeToString(predicted.type()) + " and " + CvType.typeToString(truth.type()));
        }
        if (predicted.rows() != truth.rows() || predicted.cols() != truth.cols()) {
            throw new IllegalArgumentException("images differ in size: " + predicted.cols() + "x" + predicted.rows()
                    + " vs " + truth.cols() + "x" + truth.rows());
        }
    }
}
