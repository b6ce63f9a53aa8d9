package studio.loc.diffusion.pipeline.fullres;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.opencv.core.Core;
import org.opencv.core.CvType;
import org.opencv.core.Mat;
import studio.loc.diffusion.colour.Lut3d;
import studio.loc.diffusion.image.OpenCv;
import studio.loc.diffusion.image.PackedPixels;
import studio.loc.diffusion.pairfit.FittedBlend;
import studio.loc.diffusion.pairfit.GainMap;
import studio.loc.diffusion.pairfit.GaussianMixFilter;
import studio.loc.diffusion.progress.CancellationToken;
import studio.loc.diffusion.progress.CancelledException;
import studio.loc.diffusion.progress.ProgressListener;

/** The banded fitted part against the whole-frame float path, bit for bit. */
class BandedFittedPartTest {

    @BeforeAll
    static void loadOpenCv() {
        OpenCv.ensureLoaded();
    }

    @Test
    void aTableOnEightBitIntegersGivesTheFloatPathsBytes() throws Exception {
        assertBandedEqualsWhole(new FittedBlend(curvedTable(9, 3), 1), 8, 17);
    }

    @Test
    void aTableOnSixteenBitIntegersGivesTheFloatPathsValues() throws Exception {
        assertBandedEqualsWhole(new FittedBlend(curvedTable(9, 4), 1), 16, 23);
    }

    @Test
    void aTableWithAGainMapGivesTheWholeFramesResultBandByBand() throws Exception {
        FittedBlend withGain = new FittedBlend(GaussianMixFilter.identity(), curvedTable(7, 5), vignette(), 1);
        assertBandedEqualsWhole(withGain, 8, 13);
        assertBandedEqualsWhole(withGain, 16, 31);
    }

    @Test
    void aGainMapsBandIsTheSameRowsOfTheWholeFrame() {
        GainMap gain = vignette();
        Mat whole = randomFloats(97, 64, 8);
        Mat all = gain.apply(whole);
        Mat band = whole.rowRange(40, 71);
        Mat banded = gain.apply(band, 40, 97);
        assertEquals(0, Core.norm(all.rowRange(40, 71), banded, Core.NORM_INF));
    }

    @Test
    void progressIsReportedAfterEveryBandAndCancellationStopsTheWork() throws Exception {
        FittedBlend table = new FittedBlend(curvedTable(9, 3), 1);
        Mat photo = randomPacked(98, 40, 8, 1);
        List<long[]> reports = new ArrayList<>();
        Mat out = BandedFittedPart.apply(table, photo, 8, (done, total, message) -> reports.add(new long[] {done,
            total}), "m", CancellationToken.NEVER, 7);
        out.release();
        assertEquals(15, reports.size(), "0 of 14, then each of 14 bands");
        assertEquals(14, reports.getLast()[0]);
        assertEquals(14, reports.getLast()[1]);
        CancellationToken cancelled = new CancellationToken();
        cancelled.cancel();
        assertThrows(CancelledException.class, () -> BandedFittedPart.apply(table, photo, 8, ProgressListener.NONE,
                "m", cancelled, 7));
    }

    @Test
    void aFilterIsNotBanded() {
        float[] weights = GaussianMixFilter.identity().weights();
        weights[1] = 0.5f;
        weights[0] = 0.5f;
        FittedBlend blur = new FittedBlend(GaussianMixFilter.of(64, GaussianMixFilter.SIGMAS, weights),
                Lut3d.identity(2), 1);
        Mat photo = randomPacked(10, 10, 8, 2);
        assertThrows(IllegalArgumentException.class, () -> BandedFittedPart.apply(blur, photo, 8,
                ProgressListener.NONE, "m", CancellationToken.NEVER));
    }

    /** The banded integer result equals floats → whole-frame apply → the writers' rounding. */
    private static void assertBandedEqualsWhole(FittedBlend fitted, int bits, int rowsPerBand) throws Exception {
        Mat photo = randomPacked(211, 157, bits, 7 + bits);
        Mat banded = BandedFittedPart.apply(fitted, photo, bits, ProgressListener.NONE, "m",
                CancellationToken.NEVER, rowsPerBand);
        Mat floats = PackedPixels.toFloatRgb(photo, bits);
        Mat whole = fitted.apply(floats);
        Mat expected = new Mat();
        PackedPixels.toPackedBgr(whole, bits, expected);
        Mat difference = new Mat();
        Core.absdiff(banded, expected, difference);
        assertEquals(0, Core.norm(difference, Core.NORM_INF), bits + "-bit, bands of " + rowsPerBand + " rows");
        // ...and the table really changed the photo (the comparison is not of two copies of the input).
        assertEquals(true, Core.norm(banded, photo, Core.NORM_INF) > 0);
    }

    /** A table with curves and cross-talk, so that every fraction and node matters. */
    static Lut3d curvedTable(int size, long seed) {
        Random random = new Random(seed);
        float[] nodes = Lut3d.identity(size).nodes();
        for (int i = 0; i < nodes.length; i++) {
            float v = nodes[i];
            nodes[i] = (float) (Math.pow(v, 0.8) + (random.nextDouble() - 0.5) * 0.1);
        }
        return Lut3d.of(size, nodes);
    }

    static GainMap vignette() {
        int grid = 5;
        float[] gains = new float[grid * grid * 3];
        for (int y = 0; y < grid; y++) {
            for (int x = 0; x < grid; x++) {
                double r = Math.hypot(x - 2, y - 2) / 2.83;
                for (int c = 0; c < 3; c++) {
                    gains[(y * grid + x) * 3 + c] = (float) (1.2 - 0.6 * r * r - 0.05 * c);
                }
            }
        }
        return GainMap.of(grid, gains);
    }

    /** Every integer value occurs: the whole range, not only a few random ones. */
    static Mat randomPacked(int rows, int cols, int bits, long seed) {
        Mat photo = new Mat(rows, cols, bits == 8 ? CvType.CV_8UC3 : CvType.CV_16UC3);
        Core.setRNGSeed((int) seed);
        int max = bits == 8 ? 255 : 65535;
        Core.randu(photo, 0, max + 1);
        if (bits == 8) {
            photo.put(0, 0, new byte[] {0, (byte) 255, 0});
        } else {
            photo.put(0, 0, new short[] {0, (short) 65535, 0});
        }
        return photo;
    }

    static Mat randomFloats(int rows, int cols, long seed) {
        Mat photo = new Mat(rows, cols, CvType.CV_32FC3);
        Core.setRNGSeed((int) seed);
        Core.randu(photo, 0, 1);
        return photo;
    }
}
