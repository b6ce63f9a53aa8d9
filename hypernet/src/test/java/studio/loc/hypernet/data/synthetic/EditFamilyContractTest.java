package studio.loc.hypernet.data.synthetic;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Random;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.opencv.core.Core;
import org.opencv.core.CvType;
import org.opencv.core.Mat;

/** The contract every family must keep, checked on a non-square generated picture for several parameter draws. */
class EditFamilyContractTest {

    private static final int DRAWS = 3;
    private static Mat image;

    @BeforeAll
    static void makeImage() {
        image = TestImages.gradientWithShapes(96, 128);
    }

    @AfterAll
    static void releaseImage() {
        image.release();
    }

    static Stream<EditFamily> families() {
        return EditCatalog.all().stream();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("families")
    void keepsSizeTypeAndRange(EditFamily family) {
        for (int seed = 0; seed < DRAWS; seed++) {
            Edit edit = family.sample(new Random(seed));
            Mat out = edit.apply(image);
            assertEquals(CvType.CV_32FC3, out.type(), edit.describe());
            assertEquals(image.size(), out.size(), edit.describe());
            Core.MinMaxLocResult range = Core.minMaxLoc(out.reshape(1));
            assertTrue(range.minVal >= 0 && range.maxVal <= 1, edit.describe() + " range " + range.minVal + ".." + range.maxVal);
            out.release();
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("families")
    void changesTheImage(EditFamily family) {
        for (int seed = 0; seed < DRAWS; seed++) {
            Edit edit = family.sample(new Random(seed));
            Mat out = edit.apply(image);
            double meanAbsDiff = Core.norm(out, image, Core.NORM_L1) / (image.total() * 3);
            assertTrue(meanAbsDiff > 0.003, edit.describe() + " changed the image by only " + meanAbsDiff);
            out.release();
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("families")
    void isDeterministicAndLeavesItsInputAlone(EditFamily family) {
        Mat before = image.clone();
        for (int seed = 0; seed < DRAWS; seed++) {
            Edit edit = family.sample(new Random(seed));
            Edit sameDraw = family.sample(new Random(seed));
            assertEquals(edit.describe(), sameDraw.describe(), "same seed, same parameters");
            Mat first = edit.apply(image);
            Mat second = edit.apply(image);
            Mat third = sameDraw.apply(image);
            assertEquals(0, Core.norm(first, second, Core.NORM_INF), edit.describe() + " applied twice");
            assertEquals(0, Core.norm(first, third, Core.NORM_INF), edit.describe() + " sampled twice");
            assertEquals(0, Core.norm(image, before, Core.NORM_INF), edit.describe() + " modified its input");
            first.release();
            second.release();
            third.release();
        }
        before.release();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("families")
    void acceptsACropOfALargerImage(EditFamily family) {
        // A submat is not continuous; edits must still read the right pixels.
        Mat big = TestImages.gradientWithShapes(120, 160);
        Mat crop = big.submat(10, 106, 20, 148);
        Mat copy = crop.clone();
        Edit edit = family.sample(new Random(7));
        Mat fromCrop = edit.apply(crop);
        Mat fromCopy = edit.apply(copy);
        assertEquals(0, Core.norm(fromCrop, fromCopy, Core.NORM_INF), edit.describe());
        for (Mat m : new Mat[] {big, crop, copy, fromCrop, fromCopy}) {
            m.release();
        }
    }
}
