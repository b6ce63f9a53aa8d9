package studio.loc.hypernet.eval;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.opencv.core.Mat;

class ImageMetricsTest {

    @Test
    void psnrOfIdenticalImagesIsCapped() {
        Mat a = TestImages.random(20, 30, 1);
        assertEquals(ImageMetrics.PSNR_CAP_DB, ImageMetrics.psnr(a, a.clone()));
    }

    @Test
    void psnrOfAUniformOffsetHasTheClosedFormValue() {
        Mat truth = TestImages.uniform(16, 16, 100 / 255.0, 100 / 255.0, 100 / 255.0);
        Mat predicted = TestImages.uniform(16, 16, 110 / 255.0, 90 / 255.0, 110 / 255.0);
        // MSE = 10^2 in every channel.
        assertEquals(10 * Math.log10(255.0 * 255.0 / 100.0), ImageMetrics.psnr(predicted, truth), 1e-9);
    }

    @Test
    void psnrQuantisesToEightBitsFirst() {
        Mat truth = TestImages.uniform(8, 8, 0.5, 0.5, 0.5);
        // Less than half a level away: the same 8-bit value, so a perfect score.
        Mat predicted = TestImages.uniform(8, 8, 0.5 + 0.3 / 255, 0.5, 0.5);
        assertEquals(ImageMetrics.PSNR_CAP_DB, ImageMetrics.psnr(predicted, truth));
    }

    @Test
    void ssimOfIdenticalImagesIsOne() {
        Mat a = TestImages.random(24, 24, 2);
        assertEquals(1.0, ImageMetrics.ssim(a, a.clone()), 1e-12);
    }

    @Test
    void ssimOfFlatImagesIsTheLuminanceTerm() {
        Mat x = TestImages.uniform(10, 10, 100 / 255.0, 100 / 255.0, 100 / 255.0);
        Mat y = TestImages.uniform(10, 10, 110 / 255.0, 110 / 255.0, 110 / 255.0);
        double c1 = Math.pow(0.01 * 255, 2);
        double expected = (2 * 100 * 110 + c1) / (100 * 100 + 110 * 110 + c1);
        assertEquals(expected, ImageMetrics.ssim(x, y), 1e-9);
    }

    @Test
    void ssimMatchesABruteForceWindowLoopWithSampleCovariance() {
        Mat x = TestImages.random(11, 13, 3);
        Mat y = TestImages.map(x, p -> new float[] {0.5f * p[0] + 0.2f, p[1] * p[1], 1 - p[2]});
        assertEquals(bruteForceSsim(x, y), ImageMetrics.ssim(x, y), 1e-9);
    }

    @Test
    void ciede2000OfIdenticalImagesIsZeroAndOfBlackAgainstWhiteIsAHundred() {
        Mat a = TestImages.random(8, 8, 4);
        assertEquals(0.0, ImageMetrics.meanCiede2000(a, a.clone()), 1e-12);
        Mat black = TestImages.uniform(4, 4, 0, 0, 0);
        Mat white = TestImages.uniform(4, 4, 1, 1, 1);
        assertEquals(100.0, ImageMetrics.meanCiede2000(black, white), 0.01);
    }

    @Test
    void metricsRefuseImagesOfDifferentSizes() {
        assertThrows(IllegalArgumentException.class,
                () -> ImageMetrics.psnr(TestImages.uniform(4, 4, 0, 0, 0), TestImages.uniform(4, 5, 0, 0, 0)));
    }

    @Test
    void scoreBundlesTheThreeMetrics() {
        Mat a = TestImages.random(16, 16, 5);
        Mat b = TestImages.random(16, 16, 6);
        QuadScores s = ImageMetrics.score(a, b);
        assertEquals(ImageMetrics.psnr(a, b), s.psnr());
        assertEquals(ImageMetrics.ssim(a, b), s.ssim());
        assertEquals(ImageMetrics.meanCiede2000(a, b), s.deltaE00());
        assertTrue(s.psnr() < 15 && s.ssim() < 0.2 && s.deltaE00() > 10, s.toString());
    }

    /**
     * SSIM written the slow, obvious way: every 7x7 window fully inside, ddof = 1, mean over channels. Quantises
     * like OpenCV's 8-bit conversion: the product in float precision, rounded half to even.
     */
    private static double bruteForceSsim(Mat x, Mat y) {
        int rows = x.rows();
        int cols = x.cols();
        float[] xv = new float[rows * cols * 3];
        float[] yv = new float[xv.length];
        x.get(0, 0, xv);
        y.get(0, 0, yv);
        double c1 = Math.pow(0.01 * 255, 2);
        double c2 = Math.pow(0.03 * 255, 2);
        double total = 0;
        for (int c = 0; c < 3; c++) {
            double sum = 0;
            int count = 0;
            for (int r0 = 0; r0 + 7 <= rows; r0++) {
                for (int q0 = 0; q0 + 7 <= cols; q0++) {
                    double[] a = new double[49];
                    double[] b = new double[49];
                    int k = 0;
                    for (int r = r0; r < r0 + 7; r++) {
                        for (int q = q0; q < q0 + 7; q++) {
                            a[k] = Math.rint(xv[(r * cols + q) * 3 + c] * 255f);
                            b[k] = Math.rint(yv[(r * cols + q) * 3 + c] * 255f);
                            k++;
                        }
                    }
                    double ma = 0;
                    double mb = 0;
                    for (int i = 0; i < 49; i++) {
                        ma += a[i] / 49;
                        mb += b[i] / 49;
                    }
                    double va = 0;
                    double vb = 0;
                    double cov = 0;
                    for (int i = 0; i < 49; i++) {
                        va += (a[i] - ma) * (a[i] - ma) / 48;
                        vb += (b[i] - mb) * (b[i] - mb) / 48;
                        cov += (a[i] - ma) * (b[i] - mb) / 48;
                    }
                    sum += (2 * ma * mb + c1) * (2 * cov + c2) / ((ma * ma + mb * mb + c1) * (va + vb + c2));
                    count++;
                }
            }
            total += sum / count;
        }
        return total / 3;
    }
}
