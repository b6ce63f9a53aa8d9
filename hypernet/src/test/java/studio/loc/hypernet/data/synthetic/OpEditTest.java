package studio.loc.hypernet.data.synthetic;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;
import org.opencv.core.Core;
import org.opencv.core.CvType;
import org.opencv.core.Mat;
import org.opencv.core.Scalar;

/** The guarantees OpEdit adds around every family's operation. */
class OpEditTest {

    @Test
    void clampsTheResultIntoTheUnitRangeAndReplacesNaN() {
        Mat image = TestImages.gradientWithShapes(8, 8);
        Edit wild = new OpEdit("wild", rgb -> {
            Mat out = new Mat();
            Core.multiply(rgb, Scalar.all(5), out);
            Core.subtract(out, Scalar.all(2), out);
            out.put(0, 0, Float.NaN, Float.NaN, Float.NaN);
            return out;
        });
        Mat out = wild.apply(image);
        Core.MinMaxLocResult range = Core.minMaxLoc(out.reshape(1));
        assertEquals(0, range.minVal);
        assertEquals(1, range.maxVal);
        assertEquals(0, out.get(0, 0)[0]);
        image.release();
        out.release();
    }

    @Test
    void refusesImagesThatAreNotFloatRgb() {
        Edit copy = new OpEdit("copy", Mat::clone);
        Mat bytes = new Mat(4, 4, CvType.CV_8UC3, Scalar.all(7));
        assertThrows(IllegalArgumentException.class, () -> copy.apply(bytes));
        bytes.release();
    }

    @Test
    void refusesAnOperationThatReturnsItsInputOrChangesTheSize() {
        Mat image = TestImages.gradientWithShapes(8, 8);
        assertThrows(IllegalStateException.class, () -> new OpEdit("same", rgb -> rgb).apply(image));
        assertThrows(IllegalStateException.class, () -> new OpEdit("crop", rgb -> rgb.submat(0, 4, 0, 4).clone())
                .apply(image));
        image.release();
    }

    @Test
    void describesParametersCompactly() {
        assertEquals("blur(sigma=0.01235, mode=box, points=[0.100 0.500])",
                OpEdit.describe("blur", "sigma", 0.0123456, "mode", "box", "points", new double[] {0.1, 0.5}));
    }
}
