package studio.loc.diffusion.pipeline.fullres;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.opencv.core.Core;
import org.opencv.core.CvType;
import org.opencv.core.Mat;
import org.opencv.core.Point;
import org.opencv.core.Scalar;
import org.opencv.core.Size;
import org.opencv.imgproc.Imgproc;
import studio.loc.diffusion.image.OpenCv;

/**
 * Full-resolution change transfer on synthetic photos edited at 256x192: 2000x1500 for the identity promise and the
 * timing, 1000x750 elsewhere to keep the class fast.
 */
class ChangeTransferTest {

    private static final Size FULL = new Size(2000, 1500);
    private static final Size MID = new Size(1000, 750);
    private static final Size LOW = new Size(256, 192);

    private static Mat full;
    private static Mat mid;
    private static Mat low;
    private static Mat midLow;

    @BeforeAll
    static void makePhotos() {
        OpenCv.ensureLoaded();
        full = syntheticPhoto(FULL, 7);
        low = resize(full, LOW);
        mid = syntheticPhoto(MID, 11);
        midLow = resize(mid, LOW);
    }

    @AfterAll
    static void release() {
        Mats.release(full, low, mid, midLow);
    }

    @Test
    void unchangedEditReturnsTheOriginalThroughEveryTransfer() {
        for (ChangeTransfer t : transfers()) {
            Mat out = t.transfer(full, low, low);
            try {
                assertEquals(full.size(), out.size());
                assertEquals(CvType.CV_32FC3, out.type());
                double psnr = psnr(out, full);
                System.out.printf("%s identity: %.2f dB%n", t.getClass().getSimpleName(), psnr);
                assertTrue(psnr >= 40, t.getClass().getSimpleName() + " identity PSNR " + psnr);
            } finally {
                out.release();
            }
        }
    }

    @Test
    void globalColourChangeMadeAtLowResolutionMatchesTheSameChangeAtFullResolution() {
        Mat editedLow = warmContrast(midLow);
        Mat truth = warmContrast(mid);
        // Plain upsampling of the edit loses the fine detail: the transfer must do clearly better than that.
        Mat upsampled = resize(editedLow, MID);
        double naive = psnr(upsampled, truth);
        for (ChangeTransfer t : List.of(new LocalAffineColorTransfer(), new AdaptiveTransfer(),
                new SmoothColourFirstTransfer())) {
            Mat out = t.transfer(mid, midLow, editedLow);
            double psnr = psnr(out, truth);
            out.release();
            System.out.printf("%s colour change: %.2f dB (upsampling alone %.2f dB)%n", t.getClass().getSimpleName(),
                    psnr, naive);
            assertTrue(psnr >= 30, t.getClass().getSimpleName() + " colour-change PSNR " + psnr);
            assertTrue(psnr > naive + 5, "naive upsampling " + naive + " vs " + psnr);
        }
        Mats.release(upsampled, editedLow, truth);
    }

    @Test
    void blurMadeAtLowResolutionBlursTheFullResolutionOutput() {
        Mat editedLow = new Mat();
        Imgproc.GaussianBlur(midLow, editedLow, new Size(0, 0), 2.0);
        double before = highFrequencyEnergy(mid);
        for (ChangeTransfer t : List.of(new ResidualDetailTransfer(), new AdaptiveTransfer(),
                new SmoothColourFirstTransfer())) {
            Mat out = t.transfer(mid, midLow, editedLow);
            double after = highFrequencyEnergy(out);
            out.release();
            System.out.printf("%s blur: high-frequency energy %.2e -> %.2e%n", t.getClass().getSimpleName(), before,
                    after);
            assertTrue(after < 0.05 * before,
                    t.getClass().getSimpleName() + " high-frequency energy " + after + " vs " + before);
        }
        // The colour-only path cannot blur: that is why the adaptive transfer exists.
        Mat colourOnly = new LocalAffineColorTransfer().transfer(mid, midLow, editedLow);
        double colourOnlyEnergy = highFrequencyEnergy(colourOnly);
        System.out.printf("LocalAffineColorTransfer blur: high-frequency energy %.2e -> %.2e%n", before,
                colourOnlyEnergy);
        assertTrue(colourOnlyEnergy > 0.05 * before);
        Mats.release(colourOnly, editedLow);
    }

    /**
     * A small model returns its colour change with sampling noise on top; the smooth colour map keeps the change
     * and drops the noise, where the adaptive transfer copies the noise onto the photo.
     */
    @Test
    void aColourChangeWithTheModelsNoiseComesOutCleanerThroughTheSmoothColourMap() {
        Mat editedLow = warmContrast(midLow);
        Mat noise = new Mat(editedLow.size(), editedLow.type());
        Core.randn(noise, 0, 0.1);
        Imgproc.GaussianBlur(noise, noise, new Size(0, 0), 1.5);
        Core.add(editedLow, noise, editedLow);
        Mat truth = warmContrast(mid);
        Mat adaptive = new AdaptiveTransfer().transfer(mid, midLow, editedLow);
        Mat smooth = new SmoothColourFirstTransfer().transfer(mid, midLow, editedLow);
        double adaptivePsnr = psnr(adaptive, truth);
        double smoothPsnr = psnr(smooth, truth);
        System.out.printf("noisy colour change: adaptive %.2f dB, smooth colour first %.2f dB%n", adaptivePsnr,
                smoothPsnr);
        assertTrue(smoothPsnr > adaptivePsnr + 3, "smooth " + smoothPsnr + " vs adaptive " + adaptivePsnr);
        assertTrue(smoothPsnr >= 30, "the change itself is kept: " + smoothPsnr);
        Mats.release(editedLow, noise, truth, adaptive, smooth);
    }

    @Test
    void detailGainIsZeroForBlurOneForColourAndAboveOneForSharpening() {
        Mat blurred = new Mat();
        Imgproc.GaussianBlur(low, blurred, new Size(0, 0), 3.0);
        assertTrue(ResidualDetailTransfer.detailGain(low, blurred) < 0.1);
        Mat shifted = new Mat();
        Core.add(low, new Scalar(0.05, 0.0, -0.05), shifted);
        assertEquals(1.0, ResidualDetailTransfer.detailGain(low, shifted), 0.02);
        Mat sharpened = new Mat();
        Core.addWeighted(low, 1.8, blurred, -0.8, 0, sharpened);
        assertTrue(ResidualDetailTransfer.detailGain(low, sharpened) > 1.2);
        Mats.release(blurred, shifted, sharpened);
    }

    @Test
    void adaptiveWeightFavoursTheAffinePathForColourAndTheDetailPathForBlur() {
        Mat colour = warmContrast(low);
        Mat blurred = new Mat();
        Imgproc.GaussianBlur(low, blurred, new Size(0, 0), 2.0);
        assertTrue(meanAffineWeight(colour) > 0.9, "colour edit weight");
        assertTrue(meanAffineWeight(blurred) < 0.3, "blur weight");
        Mats.release(colour, blurred);
    }

    @Test
    void acceptsAnEditedImageOfADifferentLowResolution() {
        Mat edited = warmContrast(midLow);
        Mat bigger = resize(edited, new Size(320, 240));
        Mat out = new AdaptiveTransfer().transfer(mid, midLow, bigger);
        assertEquals(mid.size(), out.size());
        Mats.release(edited, bigger, out);
    }

    @Test
    void carriesTheChangeToA2000x1500Photo() {
        // Its speed is measured by `bench speed`, not here: a timed test fails on a busy machine.
        Mat editedLow = warmContrast(low);
        Mat out = new AdaptiveTransfer().transfer(full, low, editedLow);
        assertEquals(full.size(), out.size());
        Mat truth = warmContrast(full);
        double psnr = psnr(out, truth);
        assertTrue(psnr >= 30, "the same change made at full size: " + psnr + " dB");
        Mats.release(editedLow, out, truth);
    }

    private static double meanAffineWeight(Mat editedLow) {
        LocalAffineColorTransfer affine = new LocalAffineColorTransfer();
        AffineGrid grid = affine.fitGrid(low, editedLow);
        Mat predicted = grid.apply(low);
        Mat residual = new Mat();
        Core.subtract(editedLow, predicted, residual);
        Mat w = AdaptiveTransfer.affineWeight(low, residual, LOW.width / LocalAffineColorTransfer.DEFAULT_CELLS,
                AdaptiveTransfer.Q_AFFINE, AdaptiveTransfer.Q_DETAIL);
        double mean = Core.mean(w).val[0];
        grid.close();
        Mats.release(predicted, residual, w);
        return mean;
    }

    private static List<ChangeTransfer> transfers() {
        return List.of(new LocalAffineColorTransfer(), new ResidualDetailTransfer(), new AdaptiveTransfer(),
                new SmoothColourFirstTransfer());
    }

    /** Warm tint plus contrast, clamped: a typical global grade. */
    private static Mat warmContrast(Mat rgb) {
        Mat out = new Mat();
        Core.subtract(rgb, new Scalar(0.5, 0.5, 0.5), out);
        Core.multiply(out, new Scalar(1.25, 1.2, 1.1), out);
        Core.add(out, new Scalar(0.56, 0.51, 0.42), out);
        Imgproc.threshold(out, out, 1.0, 1.0, Imgproc.THRESH_TRUNC);
        Imgproc.threshold(out, out, 0.0, 0.0, Imgproc.THRESH_TOZERO);
        return out;
    }

    /** Mean squared difference between the image and its 2-pixel Gaussian blur: the finest full-res band. */
    private static double highFrequencyEnergy(Mat rgb) {
        Mat blurred = new Mat();
        Imgproc.GaussianBlur(rgb, blurred, new Size(0, 0), 2.0);
        double e = Core.norm(rgb, blurred, Core.NORM_L2SQR) / (rgb.total() * 3.0);
        blurred.release();
        return e;
    }

    private static double psnr(Mat a, Mat b) {
        Mat ca = clamped(a);
        Mat cb = clamped(b);
        double mse = Core.norm(ca, cb, Core.NORM_L2SQR) / (a.total() * 3.0);
        Mats.release(ca, cb);
        return mse == 0 ? 100 : 10 * Math.log10(1.0 / mse);
    }

    private static Mat clamped(Mat m) {
        Mat out = new Mat();
        Imgproc.threshold(m, out, 1.0, 1.0, Imgproc.THRESH_TRUNC);
        Imgproc.threshold(out, out, 0.0, 0.0, Imgproc.THRESH_TOZERO);
        return out;
    }

    private static Mat resize(Mat src, Size size) {
        Mat out = new Mat();
        Imgproc.resize(src, out, size, 0, 0,
                size.width < src.cols() ? Imgproc.INTER_AREA : Imgproc.INTER_LINEAR);
        return out;
    }

    /** Gradients, coloured shapes with hard edges, fine texture and sensor-like noise. */
    static Mat syntheticPhoto(Size size, long seed) {
        int w = (int) size.width;
        int h = (int) size.height;
        float[] v = new float[w * h * 3];
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) {
                int i = (y * w + x) * 3;
                v[i] = 0.2f + 0.6f * x / w;
                v[i + 1] = 0.3f + 0.4f * y / h;
                v[i + 2] = 0.7f - 0.5f * (x + y) / (float) (w + h);
            }
        }
        Mat img = new Mat(h, w, CvType.CV_32FC3);
        img.put(0, 0, v);
        Random random = new Random(seed);
        for (int k = 0; k < 60; k++) {
            Scalar colour = new Scalar(random.nextDouble(), random.nextDouble(), random.nextDouble());
            Point centre = new Point(random.nextInt(w), random.nextInt(h));
            if (k % 2 == 0) {
                Imgproc.circle(img, centre, 20 + random.nextInt(200), colour, -1, Imgproc.LINE_AA);
            } else {
                Point corner = new Point(centre.x + 30 + random.nextInt(300), centre.y + 30 + random.nextInt(300));
                Imgproc.rectangle(img, centre, corner, colour, -1);
            }
        }
        // Thin lines: detail that the low-resolution copy cannot hold.
        for (int k = 0; k < 200; k++) {
            Scalar colour = new Scalar(random.nextDouble(), random.nextDouble(), random.nextDouble());
            Imgproc.line(img, new Point(random.nextInt(w), random.nextInt(h)),
                    new Point(random.nextInt(w), random.nextInt(h)), colour, 1 + random.nextInt(2));
        }
        Mat noise = new Mat(h, w, CvType.CV_32FC3);
        Core.setRNGSeed((int) seed);
        Core.randn(noise, 0, 0.1);
        Core.add(img, noise, img);
        noise.release();
        Imgproc.threshold(img, img, 1.0, 1.0, Imgproc.THRESH_TRUNC);
        Imgproc.threshold(img, img, 0.0, 0.0, Imgproc.THRESH_TOZERO);
        return img;
    }
}
