package studio.loc.hypernet.data;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.opencv.core.Core;
import org.opencv.core.Mat;
import org.opencv.core.Scalar;
import studio.loc.hypernet.data.synthetic.TestImages;

class UserPairSamplerTest {

    @TempDir
    Path dir;

    /** Writes NAME_before.png and an inverted NAME_after.png. */
    static void writeInvertedPair(Path folder, String name, int width, int height) throws IOException {
        Mat before = TestImages.gradientWithShapes(height, width);
        Mat after = new Mat();
        Core.subtract(new Mat(before.size(), before.type(), new Scalar(1, 1, 1)), before, after);
        TestFiles.write(folder.resolve(name + "_before.png"), before);
        TestFiles.write(folder.resolve(name + "_after.png"), after);
        before.release();
        after.release();
    }

    @Test
    void samplesAreTwoAlignedViewsOfTheUsersPair() throws IOException {
        writeInvertedPair(dir, "street", 90, 70);
        TestFiles.writeScene(dir.resolve("stray.png"), 20, 20);

        try (UserPairSampler sampler = UserPairSampler.load(dir, 32)) {
            assertEquals(1, sampler.size());
            assertEquals(1, sampler.skipped().size(), sampler.skipped().toString());
            assertTrue(sampler.skipped().getFirst().file().endsWith("stray.png"));
            try (Quad quad = sampler.sample(new Random(4))) {
                assertEquals(32, quad.size());
                // The after image is the inverted before, so every view keeps A' = 1 − A and B' = 1 − B.
                assertEquals(1.0, constantSum(quad.a(), quad.aEdited()), 0.02);
                assertEquals(1.0, constantSum(quad.b(), quad.bEdited()), 0.02);
                assertFalse(same(quad.a(), quad.b()), "the two views are different crops");
                assertTrue(quad.editDescription().contains("street"), quad.editDescription());
            }
        }
    }

    @Test
    void aFolderWithoutAUsablePairIsRefusedWithTheReasons() throws IOException {
        TestFiles.writeScene(dir.resolve("lonely_before.png"), 20, 20);
        TestFiles.writeGarbage(dir.resolve("broken_before.png"));
        TestFiles.writeScene(dir.resolve("broken_after.png"), 20, 20);

        IOException e = assertThrows(IOException.class, () -> UserPairSampler.load(dir, 32));

        assertTrue(e.getMessage().contains("no usable before/after pair"), e.getMessage());
        assertTrue(e.getMessage().contains("lonely_before.png") && e.getMessage().contains("broken_before.png"),
                e.getMessage());
    }

    /** Checks that x + y is the same at every pixel and channel, and returns that value. */
    private static double constantSum(Mat x, Mat y) {
        Mat sum = new Mat();
        Core.add(x, y, sum);
        Core.MinMaxLocResult range = Core.minMaxLoc(sum.reshape(1));
        sum.release();
        assertTrue(range.maxVal - range.minVal < 0.04, "x + y is constant: " + range.minVal + " … " + range.maxVal);
        return (range.maxVal + range.minVal) / 2;
    }

    private static boolean same(Mat x, Mat y) {
        Mat diff = new Mat();
        Core.absdiff(x, y, diff);
        double total = Core.sumElems(diff).val[0];
        diff.release();
        return total == 0;
    }
}
