package studio.loc.diffusion.pairfit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.opencv.core.Core;
import org.opencv.core.Mat;
import org.opencv.core.Size;
import org.opencv.imgproc.Imgproc;
import studio.loc.diffusion.colour.ColourImages;

class GaussianMixFilterTest {

    @Test
    void anUnsharpMaskIsFittedAndScalesWithStrength() {
        Mat before = ColourImages.smooth(96, 96, 1);
        Mat blurred = new Mat();
        Imgproc.GaussianBlur(before, blurred, new Size(0, 0), 1.5, 1.5, Core.BORDER_REFLECT_101);
        Mat sharpened = new Mat();
        Core.addWeighted(before, 1.6, blurred, -0.6, 0, sharpened); // 0.6 of the detail again
        Mat clipped = clamp(sharpened);
        GaussianMixFilter filter = GaussianMixFilter.fit(before, clipped);
        double fitted = ColourImages.psnr(filter.apply(before), clipped);
        assertTrue(fitted > 40, "fitted at " + fitted + " dB");
        assertEquals(0, ColourImages.maxDifference(filter.towards(0).apply(before), before), 1e-5);
        // Half the strength is half the sharpening (the filter is linear).
        Mat half = new Mat();
        Core.addWeighted(before, 0.5, filter.apply(before), 0.5, 0, half);
        assertTrue(ColourImages.psnr(filter.towards(0.5).apply(before), half) > 45);
    }

    @Test
    void aLargeBlurComputedAtReducedSizeMatchesTheDirectOne() {
        Mat photo = ColourImages.smooth(400, 300, 2);
        Mat direct = new Mat();
        Imgproc.GaussianBlur(photo, direct, new Size(0, 0), 10, 10, Core.BORDER_REFLECT_101);
        double psnr = ColourImages.psnr(GaussianMixFilter.blur(photo, 10), direct);
        assertTrue(psnr > 40, "reduced-size blur at " + psnr + " dB");
    }

    @Test
    void theIdentityChangesNothingAndDamagedPartsAreRefused() {
        Mat photo = ColourImages.random(20, 30, 3);
        GaussianMixFilter identity = GaussianMixFilter.identity();
        assertTrue(identity.isIdentity());
        assertEquals(0, ColourImages.maxDifference(identity.apply(photo), photo), 1e-6);
        double[] sigmas = GaussianMixFilter.SIGMAS;
        float[] weights = identity.weights();
        assertThrows(IllegalArgumentException.class, () -> GaussianMixFilter.of(0, sigmas, weights));
        assertThrows(IllegalArgumentException.class, () -> GaussianMixFilter.of(256, new double[] {-1}, weights));
        assertThrows(IllegalArgumentException.class, () -> GaussianMixFilter.of(256, sigmas, new float[5]));
        weights[4] = Float.POSITIVE_INFINITY;
        assertThrows(IllegalArgumentException.class, () -> GaussianMixFilter.of(256, sigmas, weights));
    }

    private static Mat clamp(Mat m) {
        Mat out = new Mat();
        Core.min(m, new org.opencv.core.Scalar(1, 1, 1), out);
        Core.max(out, new org.opencv.core.Scalar(0, 0, 0), out);
        return out;
    }
}
