package studio.loc.hypernet.change;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDManager;
import org.junit.jupiter.api.Test;
import org.opencv.core.Core;
import org.opencv.core.CvType;
import org.opencv.core.Mat;
import studio.loc.diffusion.image.OpenCv;
import studio.loc.diffusion.image.Picture;
import studio.loc.hypernet.net.HypernetConfig;
import studio.loc.hypernet.net.LocHypernetwork;

class ChangeLearnerTest {

    private static Mat randomRgb(int height, int width) {
        Mat rgb = new Mat(height, width, CvType.CV_32FC3);
        Core.randu(rgb, 0, 1);
        return rgb;
    }

    @Test
    void learnsAChangeForEverySlotWithThumbnailsThatSurvivesAChangeFile() throws Exception {
        OpenCv.ensureLoaded();
        try (NDManager m = NDManager.newBaseManager();
             LocHypernetwork h = LocHypernetwork.create(m, HypernetConfig.tiny(), ChangeFileTest.SLOTS, 1);
             Picture before = Picture.of(randomRgb(30, 40));
             Picture after = Picture.of(randomRgb(30, 40))) {
            ChangeLearner learner = new ChangeLearner(h, ChangeFileTest.MODEL);
            Change change = learner.learn(before, after, "test edit");
            assertEquals("test edit", change.name());
            assertEquals(ChangeSource.PAIR, change.source());
            assertEquals(ChangeFileTest.SLOTS, change.slots());
            assertEquals(HypernetConfig.tiny().rank(), change.rank());
            // A fresh H is a no-op: every up matrix is zero.
            for (Change.SlotFactors f : change.factors().values()) {
                for (float v : f.up()) {
                    assertEquals(0f, v);
                }
            }
            assertEquals((byte) 0x89, change.beforeThumbnailPng()[0]);
            assertTrue(change.afterThumbnailPng().length > 8);
            Change read = ChangeFile.parse(ChangeFile.toBytes(change), "t.loc.safetensors", ChangeFileTest.MODEL);
            assertArrayEquals(change.beforeThumbnailPng(), read.beforeThumbnailPng());
            assertArrayEquals(change.factors().get("out.conv").down(), read.factors().get("out.conv").down());
        }
    }

    /** A smoothstep curve per channel: non-linear everywhere, so averaging colours before it biases a fit. */
    private static Mat curve(Mat rgb) {
        Mat squared = new Mat();
        Core.multiply(rgb, rgb, squared);
        Mat threeMinusTwoX = new Mat();
        Core.multiply(rgb, new org.opencv.core.Scalar(-2, -2, -2), threeMinusTwoX);
        Core.add(threeMinusTwoX, new org.opencv.core.Scalar(3, 3, 3), threeMinusTwoX);
        Mat out = new Mat();
        Core.multiply(squared, threeMinusTwoX, out);
        squared.release();
        threeMinusTwoX.release();
        return out;
    }

    @Test
    void theFittedPartOfALargePairIsFittedOnItsOwnPixelsNotOnAShrunkCopy() {
        OpenCv.ensureLoaded();
        // Pixel-level detail: a copy shrunk by area averaging would show the curve only mixed colours.
        Mat beforeRgb = randomRgb(1024, 1024);
        try (NDManager m = NDManager.newBaseManager();
             LocHypernetwork h = LocHypernetwork.create(m, HypernetConfig.tiny(), ChangeFileTest.SLOTS, 1);
             Picture before = Picture.of(beforeRgb);
             Picture after = Picture.of(curve(beforeRgb))) {
            Change change = new ChangeLearner(h, ChangeFileTest.MODEL).learn(before, after, "curve");
            Mat query = randomRgb(300, 400);
            Mat carried = change.fittedAt(1).apply(query);
            double psnr = Core.PSNR(carried, curve(query), 1.0);
            assertTrue(psnr > 40, "the curve carried at " + psnr + " dB");
        }
    }
}
