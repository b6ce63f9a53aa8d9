package studio.loc.hypernet.data.synthetic;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.opencv.core.Core;
import org.opencv.core.Mat;
import org.opencv.core.Size;
import org.opencv.imgproc.Imgproc;

/** Training calls edits at every step, so they must be fast; and they must look alike at any resolution. */
class EditSpeedAndScaleTest {

    /** About 20 ms at 256 px is the goal; the bound leaves some room. */
    private static final double MAX_MEDIAN_MILLIS = 40;

    /**
     * Measures CPU time of this thread with OpenCV kept to one thread, so that other processes on a busy test
     * machine do not make the test flaky (wall-clock time would count their turns too).
     */
    @Test
    void everyFamilyIsFastAt256Pixels() {
        ThreadMXBean threads = ManagementFactory.getThreadMXBean();
        int openCvThreads = Core.getNumThreads();
        Core.setNumThreads(1);
        try {
            measure(threads);
        } finally {
            Core.setNumThreads(openCvThreads);
        }
    }

    private static void measure(ThreadMXBean threads) {
        Mat image = TestImages.gradientWithShapes(256, 256);
        List<String> slow = new ArrayList<>();
        StringBuilder report = new StringBuilder();
        for (EditFamily family : EditCatalog.all()) {
            double[] millis = new double[5];
            for (int i = -4; i < millis.length; i++) { // warm-up runs first
                Edit edit = family.sample(new Random(100 + i));
                long start = threads.getCurrentThreadCpuTime();
                Mat out = edit.apply(image);
                long took = threads.getCurrentThreadCpuTime() - start;
                out.release();
                if (i >= 0) {
                    millis[i] = took / 1e6;
                }
            }
            Arrays.sort(millis);
            double median = millis[millis.length / 2];
            report.append(String.format(Locale.ROOT, "%-20s %6.2f ms%n", family.name(), median));
            if (median > MAX_MEDIAN_MILLIS) {
                slow.add(family.name() + " " + median + " ms");
            }
        }
        image.release();
        System.out.print(report);
        assertTrue(slow.isEmpty(), "slow at 256 px: " + slow);
    }

    /**
     * The same edit on a 384 px image, downscaled to 96 px, should look like the edit made at 96 px. Compared with
     * the same blur made with a fixed pixel size (which would be 4x too small at 384 px), the difference is small.
     */
    @ParameterizedTest
    @ValueSource(strings = {"gaussian_blur", "box_blur", "motion_blur", "lens_blur", "bloom", "vignette",
        "tilt_shift", "pixelate", "pencil_sketch", "shadows_highlights", "spotlight"})
    void looksTheSameAtFourTimesTheResolution(String name) {
        Mat small = TestImages.gradientWithShapes(96, 96);
        Mat large = TestImages.gradientWithShapes(384, 384);
        Edit edit = EditCatalog.byName(name).sample(new Random(5));
        Mat smallEdited = edit.apply(small);
        Mat largeEdited = edit.apply(large);
        Mat largeEditedDown = downscale(largeEdited, small.size());
        Mat largeDown = downscale(large, small.size());
        Mat smallInputEdited = edit.apply(largeDown);
        // Compare edits of the same (downscaled) content, so the test image's own resampling does not count.
        double sameEdit = meanAbs(largeEditedDown, smallInputEdited);
        double editSize = meanAbs(smallInputEdited, largeDown);
        double ratio = sameEdit / editSize;
        System.out.printf(Locale.ROOT, "%-20s mismatch %.4f of edit size %.4f%n", name, sameEdit, editSize);
        assertTrue(ratio < 0.6, edit.describe() + ": at 4x resolution it differs by " + sameEdit
                + " while the edit itself changes " + editSize);
        for (Mat m : new Mat[] {small, large, smallEdited, largeEdited, largeEditedDown, largeDown, smallInputEdited}) {
            m.release();
        }
    }

    private static Mat downscale(Mat image, Size size) {
        Mat out = new Mat();
        Imgproc.resize(image, out, size, 0, 0, Imgproc.INTER_AREA);
        return out;
    }

    private static double meanAbs(Mat a, Mat b) {
        return Core.norm(a, b, Core.NORM_L1) / (a.total() * a.channels());
    }
}
