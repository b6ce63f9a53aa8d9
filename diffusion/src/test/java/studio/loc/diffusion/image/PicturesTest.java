package studio.loc.diffusion.image;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.opencv.core.Core;
import org.opencv.core.CvType;
import org.opencv.core.Mat;
import org.opencv.core.MatOfByte;
import org.opencv.core.Scalar;
import org.opencv.core.Size;
import org.opencv.imgcodecs.Imgcodecs;

class PicturesTest {

    @BeforeAll
    static void loadOpenCv() {
        OpenCv.ensureLoaded();
    }

    private static Picture checkerboard(int width, int height, boolean withAlpha) {
        Mat rgb = new Mat(height, width, CvType.CV_32FC3);
        Mat alpha = withAlpha ? new Mat(height, width, CvType.CV_32FC1) : null;
        for (int y = 0; y < height; y++) {
            for (int x = 0; x < width; x++) {
                float v = (x + y) % 2;
                rgb.put(y, x, v, 1 - v, 0.5f);
                if (alpha != null) {
                    alpha.put(y, x, 0.25f);
                }
            }
        }
        return new Picture(rgb, alpha, 16);
    }

    @Test
    void shrinkingAveragesArea() {
        try (Picture board = checkerboard(4, 4, true); Picture small = Pictures.resize(board, 2, 2)) {
            assertEquals(2, small.width());
            assertEquals(16, small.bitDepth(), "bit depth is kept");
            float[] px = new float[3];
            small.rgb().get(1, 1, px);
            assertArrayEquals(new float[] {0.5f, 0.5f, 0.5f}, px, 1e-6f);
            float[] a = new float[1];
            small.alpha().get(0, 1, a);
            assertEquals(0.25f, a[0], 1e-6f);
        }
    }

    @Test
    void enlargingStaysWithinZeroToOne() {
        try (Picture board = checkerboard(4, 4, false); Picture big = Pictures.resize(board, 13, 11)) {
            assertEquals(13, big.width());
            assertEquals(11, big.height());
            Core.MinMaxLocResult range = Core.minMaxLoc(big.rgb().reshape(1));
            assertTrue(range.minVal >= 0 && range.maxVal <= 1, range.minVal + " .. " + range.maxVal);
            assertTrue(range.maxVal > 0.9 && range.minVal < 0.1, "contrast survives");
        }
        try (Picture board = checkerboard(2, 2, false)) {
            assertThrows(IllegalArgumentException.class, () -> Pictures.resize(board, 0, 3));
        }
    }

    @Test
    void linearEnlargingInterpolatesBetweenNeighboursWithoutOvershoot() {
        Mat step = new Mat(1, 2, CvType.CV_32FC3);
        step.put(0, 0, 0f, 0f, 0f, 1f, 1f, 1f);
        Mat wide = Pictures.resampleLinear(step, new Size(8, 1));
        float[] row = new float[8 * 3];
        wide.get(0, 0, row);
        for (int x = 1; x < 8; x++) {
            assertTrue(row[x * 3] >= row[(x - 1) * 3], "monotone at " + x);
        }
        assertEquals(0, row[0], 1e-6);
        assertEquals(1, row[7 * 3], 1e-6);
        Mat cubic = Pictures.resample(step, new Size(8, 1));
        Core.MinMaxLocResult range = Core.minMaxLoc(cubic.reshape(1));
        assertTrue(range.minVal >= 0 && range.maxVal <= 1, range.minVal + " .. " + range.maxVal);
    }

    @Test
    void resamplingToTheSameSizeGivesAnIndependentCopy() {
        Mat one = new Mat(2, 2, CvType.CV_32FC3, new Scalar(0.25, 0.5, 0.75));
        Mat copy = Pictures.resampleLinear(one, one.size());
        assertNotSame(one, copy);
        copy.setTo(new Scalar(0, 0, 0));
        assertEquals(0.5, one.get(1, 1)[1], 1e-6);
        assertThrows(IllegalArgumentException.class, () -> Pictures.resample(one, new Size(0, 2)));
    }

    @Test
    void fitWithinKeepsTheAspectRatioAndNeverEnlarges() {
        try (Picture wide = checkerboard(400, 100, true); Picture fitted = Pictures.fitWithin(wide, 100)) {
            assertEquals(100, fitted.width());
            assertEquals(25, fitted.height());
            assertTrue(fitted.hasAlpha());
        }
        try (Picture tall = checkerboard(30, 301, false); Picture fitted = Pictures.fitWithin(tall, 100)) {
            assertEquals(10, fitted.width());
            assertEquals(100, fitted.height());
        }
        try (Picture small = checkerboard(20, 10, false); Picture same = Pictures.fitWithin(small, 100)) {
            assertEquals(20, same.width());
            assertNotSame(small.rgb(), same.rgb(), "the caller owns the result even when nothing changed");
        }
    }

    @Test
    void toBgr8SwapsChannelsForDisplay() {
        Mat rgb = new Mat(1, 1, CvType.CV_32FC3);
        rgb.put(0, 0, 1f, 0.5f, 0f);
        try (Picture picture = Picture.of(rgb)) {
            Mat bgr = Pictures.toBgr8(picture);
            assertEquals(CvType.CV_8UC3, bgr.type());
            byte[] px = new byte[3];
            bgr.get(0, 0, px);
            assertArrayEquals(new byte[] {0, (byte) 128, (byte) 255}, px);
            bgr.release();
        }
    }

    @Test
    void thumbnailIsASmallPngWithAlphaWhenThePictureHasIt() {
        try (Picture picture = checkerboard(64, 32, true)) {
            byte[] png = Pictures.thumbnailPng(picture, 16);
            Mat decoded = Imgcodecs.imdecode(new MatOfByte(png), Imgcodecs.IMREAD_UNCHANGED);
            assertEquals(16, decoded.cols());
            assertEquals(8, decoded.rows());
            assertEquals(CvType.CV_8UC4, decoded.type());
            decoded.release();
        }
    }
}
