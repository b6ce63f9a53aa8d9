package studio.loc.diffusion.pairfit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import org.junit.jupiter.api.Test;
import org.opencv.core.Core;
import org.opencv.core.Mat;
import studio.loc.diffusion.colour.ColourImages;

class GainMapTest {

    /** A vignette: the frame's corners darkened to 40 %, smoothly, relative to the frame's size. */
    static Mat vignette(Mat rgb) {
        Mat out = rgb.clone();
        int h = rgb.rows();
        int w = rgb.cols();
        float[] px = new float[h * w * 3];
        out.get(0, 0, px);
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) {
                double r2 = Math.pow((x + 0.5) / w - 0.5, 2) + Math.pow((y + 0.5) / h - 0.5, 2);
                double gain = 1 - 1.2 * r2;
                for (int c = 0; c < 3; c++) {
                    px[(y * w + x) * 3 + c] *= (float) gain;
                }
            }
        }
        out.put(0, 0, px);
        return out;
    }

    @Test
    void aFittedVignetteDarkensTheCornersOfAnotherPhotoOfAnotherSize() {
        Mat before = ColourImages.random(96, 128, 1);
        GainMap map = GainMap.fit(before, vignette(before));
        Mat query = ColourImages.smooth(300, 200, 2);
        double carried = ColourImages.psnr(map.apply(query), vignette(query));
        double unchanged = ColourImages.psnr(query, vignette(query));
        assertTrue(carried > 40 && carried > unchanged + 15, carried + " dB against " + unchanged + " unchanged");
    }

    @Test
    void fittedOnOneCheckerColourItPredictsTheOther() {
        Mat before = ColourImages.random(128, 128, 3);
        Mat after = vignette(before);
        GainMap half = GainMap.fit(before, after, 0);
        assertTrue(ColourImages.psnr(half.apply(before), after) > 40);
    }

    @Test
    void strengthScalesTheGainAndTheIdentityChangesNothing() {
        Mat picture = ColourImages.smooth(40, 60, 4);
        assertTrue(GainMap.identity().isIdentity());
        assertEquals(0, ColourImages.maxDifference(GainMap.identity().apply(picture), picture), 1e-6);
        float[] gains = new float[GainMap.GRID * GainMap.GRID * 3];
        Arrays.fill(gains, 0.5f);
        GainMap half = GainMap.of(GainMap.GRID, gains);
        Mat quarterOff = new Mat();
        Core.multiply(picture, new org.opencv.core.Scalar(0.75, 0.75, 0.75), quarterOff);
        assertEquals(0, ColourImages.maxDifference(half.towards(0.5).apply(picture), quarterOff), 1e-5);
        assertTrue(half.towards(0).isIdentity());
    }

    @Test
    void aMapFromAFileIsValidated() {
        assertThrows(IllegalArgumentException.class, () -> GainMap.of(1, new float[3]));
        assertThrows(IllegalArgumentException.class, () -> GainMap.of(3, new float[26]));
        float[] bad = new float[27];
        bad[4] = Float.NaN;
        assertThrows(IllegalArgumentException.class, () -> GainMap.of(3, bad));
        assertThrows(IllegalArgumentException.class, () -> GainMap.identity().towards(Double.NaN));
    }
}
