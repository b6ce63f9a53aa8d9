package studio.loc.diffusion.pairfit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.Test;
import org.opencv.core.Core;
import org.opencv.core.Mat;
import org.opencv.core.MatOfDouble;
import org.opencv.core.Size;
import org.opencv.imgproc.Imgproc;
import studio.loc.diffusion.colour.ColourImages;
import studio.loc.diffusion.colour.Lut3d;

class PairFitterTest {

    private static final UnaryOperator<float[]> WARM_GRADE =
            p -> new float[] {(float) Math.pow(p[0], 0.8), p[1] * 0.95f + 0.02f, p[2] * 0.7f};

    private final PairFitter fitter = new PairFitter();

    @Test
    void aColourGradeIsExplainedByATableThatCarriesAndUndoesItOnAnotherPicture() {
        Mat before = ColourImages.random(120, 100, 1);
        FittedChange fitted = fitter.fit(before, ColourImages.map(before, WARM_GRADE)).orElseThrow();
        assertEquals(1, fitted.share());
        assertTrue(fitted.filter().isIdentity(), "a grade needs no filter");
        Mat query = ColourImages.smooth(90, 90, 2);
        Mat truth = ColourImages.map(query, WARM_GRADE);
        double carried = ColourImages.psnr(fitted.at(1).apply(query), truth);
        assertTrue(carried > 38, "carried at " + carried + " dB");
        double undone = ColourImages.psnr(fitted.at(-1).apply(truth), query);
        assertTrue(undone > 33, "undone at " + undone + " dB");
        // Half the strength moves every colour half the way.
        Mat halfway = new Mat();
        Core.addWeighted(query, 0.5, fitted.at(1).apply(query), 0.5, 0, halfway);
        assertEquals(0, ColourImages.maxDifference(fitted.at(0.5).apply(query), halfway), 1e-5);
    }

    @Test
    void aBlurIsExplainedByAFilterThatBlursALargerPhotoAsMuchRelativeToItsSize() {
        Mat before = ColourImages.squares(128, 128, 8, 3);
        FittedChange fitted = fitter.fit(before, blur(before, 2)).orElseThrow();
        assertEquals(1, fitted.share());
        assertFalse(fitted.filter().isIdentity());
        // Four times the size: the blur is four times the radius there.
        Mat big = ColourImages.squares(512, 512, 32, 4);
        double carried = ColourImages.psnr(fitted.at(1).apply(big), blur(big, 8));
        double unblurred = ColourImages.psnr(big, blur(big, 8));
        assertTrue(carried > 38 && carried > unblurred + 10, carried + " dB against " + unblurred + " unchanged");
    }

    /** A strong S-curve with a cross-channel tint: what a grade does, and not linear anywhere. */
    private static final UnaryOperator<float[]> S_CURVE_GRADE = p -> {
        float[] out = new float[3];
        for (int c = 0; c < 3; c++) {
            double x = p[c];
            out[c] = (float) (x * x * (3 - 2 * x));
        }
        out[2] = 0.85f * out[2] + 0.1f * p[0];
        return out;
    };

    @Test
    void aCurveOnALargePairIsFittedFromItsOwnPixelsNotFromAShrunkCopy() {
        // Pixel-level detail, as a photo has: shrinking by area averages colours the curve maps non-linearly.
        Mat before = ColourImages.random(1024, 1024, 21);
        Mat after = ColourImages.map(before, S_CURVE_GRADE);
        FittedChange fitted = fitter.fit(before, after).orElseThrow();
        assertEquals(1, fitted.share());
        Mat query = ColourImages.smooth(600, 800, 22);
        Mat truth = ColourImages.map(query, S_CURVE_GRADE);
        double carried = ColourImages.psnr(fitted.at(1).apply(query), truth);
        Mat smallBefore = new Mat();
        Mat smallAfter = new Mat();
        Imgproc.resize(before, smallBefore, new Size(256, 256), 0, 0, Imgproc.INTER_AREA);
        Imgproc.resize(after, smallAfter, new Size(256, 256), 0, 0, Imgproc.INTER_AREA);
        Lut3d shrunk = Lut3d.fit(smallBefore, smallAfter, PairFitter.TABLE_SIZE, PairFitter.SMOOTHNESS,
                PairFitter.IDENTITY_PULL);
        double fromShrunk = ColourImages.psnr(shrunk.apply(query), truth);
        assertTrue(carried > 40 && carried > fromShrunk + 10,
                "full-size fit " + carried + " dB, fit on a shrunk copy " + fromShrunk + " dB");
    }

    @Test
    void aBlurOfAFewPixelsOnALargePairIsCarriedAtItsRadiusInPixels() {
        // 2.5 px at 1024 px would be 0.6 px on a 256-pixel copy, finer than such a copy can show.
        Mat before = ColourImages.squares(1024, 1024, 3, 23);
        FittedChange fitted = fitter.fit(before, blur(before, 2.5)).orElseThrow();
        assertEquals(1, fitted.share());
        assertFalse(fitted.filter().isIdentity());
        assertEquals(1024, fitted.filter().referenceSide());
        Mat query = ColourImages.squares(1024, 1024, 4, 24);
        double carried = ColourImages.psnr(fitted.at(1).apply(query), blur(query, 2.5));
        double asABlurOfTheShrunkRadius = ColourImages.psnr(blur(query, 0.625), blur(query, 2.5));
        assertTrue(carried > 40 && carried > asABlurOfTheShrunkRadius + 10,
                carried + " dB against " + asABlurOfTheShrunkRadius + " for the radius of a 256-pixel copy");
    }

    @Test
    void aWideNonSquarePairIsFittedOnWindowsAllOverItsFrame() {
        Mat before = ColourImages.squares(700, 1400, 2, 25);
        List<FitWindow> windows;
        try (PairSample sample = PairSample.of(before, before)) {
            assertEquals(PairSample.WINDOWS_PER_SIDE * PairSample.WINDOWS_PER_SIDE / 2, sample.top().size());
            assertEquals(sample.top().size(), sample.bottom().size());
            for (FitWindow w : sample.top()) {
                assertEquals(PairSample.WINDOW_SIDE, w.interior().width);
                assertTrue(w.before().rows() <= PairSample.WINDOW_SIDE + 2 * GaussianMixFilter.reach());
            }
            windows = sample.windows();
        }
        assertTrue(windows.stream().allMatch(w -> w.before().empty() && w.after().empty()),
                "closing the sample releases its windows");
        // A small picture is filtered whole, in its two halves.
        Mat small = ColourImages.random(200, 300, 26);
        try (PairSample halves = PairSample.of(small, small)) {
            assertEquals(1, halves.top().size());
            assertEquals(100L * 300, halves.top().get(0).pixels());
        }
        // The colour sample takes pixels as they are: every one of them is a colour of the picture.
        Mat sample = PairSample.colours(ColourImages.squares(2000, 3000, 1, 27), 1 << 16);
        assertTrue(sample.total() <= 1 << 16 && sample.total() > 60_000, sample.total() + " pixels");
    }

    @Test
    void aPosterizeIsExplainedByCurvesThatCarryItsStepsToAnotherPhoto() {
        Mat before = ColourImages.quantised(ColourImages.random(128, 128, 6));
        Mat after = ColourImages.map(before, ChannelCurvesTest.POSTERIZE);
        assertEquals(PairFitter.Kind.CURVES_THEN_TABLE, fitter.best(before, after).kind());
        FittedChange fitted = fitter.fit(before, after).orElseThrow();
        assertEquals(1, fitted.share());
        assertTrue(fitted.hasCurves());
        Mat query = ColourImages.quantised(ColourImages.smooth(100, 90, 7));
        double carried = ColourImages.psnr(fitted.at(1).apply(query), ColourImages.map(query,
                ChannelCurvesTest.POSTERIZE));
        assertTrue(carried > 38, "carried at " + carried + " dB");
    }

    @Test
    void anEmbossIsExplainedByAPixelKernelThatCarriesItsReliefToAnotherPhoto() {
        Mat before = ColourImages.smooth(160, 160, 8);
        PixelKernel emboss = PixelKernel.of(PixelKernelTest.EMBOSS);
        FittedChange fitted = fitter.fit(before, emboss.apply(before)).orElseThrow();
        assertTrue(fitted.hasKernel());
        assertEquals(1, fitted.share());
        Mat query = ColourImages.smooth(120, 100, 9);
        double carried = ColourImages.psnr(fitted.at(1).apply(query), emboss.apply(query));
        double unchanged = ColourImages.psnr(query, emboss.apply(query));
        assertTrue(carried > 35 && carried > unchanged + 10, carried + " dB against " + unchanged + " unchanged");
    }

    @Test
    void aGradeThatMixesChannelsIsStillATableNotCurves() {
        Mat before = ColourImages.quantised(ColourImages.random(120, 100, 1));
        // A saturation boost: each output channel depends on all three inputs, which no curve per channel holds.
        UnaryOperator<float[]> saturate = p -> {
            float grey = (p[0] + p[1] + p[2]) / 3;
            return new float[] {grey + 1.5f * (p[0] - grey), grey + 1.5f * (p[1] - grey), grey + 1.5f * (p[2] - grey)};
        };
        assertEquals(PairFitter.Kind.TABLE, fitter.best(before, ColourImages.map(before, saturate)).kind());
    }

    @Test
    void aShiftIsExplainedByNothingSoAMisalignedPairDoesNotBlurThePhoto() {
        Mat before = ColourImages.squares(128, 128, 8, 5);
        Mat shifted = new Mat();
        Imgproc.warpAffine(before, shifted, new MatOfDouble(1, 0, 4, 0, 1, 4).reshape(1, 2), before.size(),
                Imgproc.INTER_NEAREST, Core.BORDER_REFLECT);
        // A blur would predict part of a shift (neighbours' colours), a table a little (towards the mean colour);
        // neither is taken for more than a sliver of the output, and never the blur.
        PairFitter.Scored best = fitter.best(before, shifted);
        assertEquals(PairFitter.Kind.TABLE, best.kind());
        double share = fitter.fit(before, shifted).map(FittedChange::share).orElse(0.0);
        assertTrue(share < 0.15, "share " + share);
    }

    @Test
    void aVignetteIsExplainedByAGainMapThatCarriesItToAnotherPhoto() {
        Mat before = ColourImages.squares(128, 128, 8, 7);
        FittedChange fitted = fitter.fit(before, GainMapTest.vignette(before)).orElseThrow();
        assertFalse(fitted.gain().isIdentity(), "a vignette depends on where a pixel is");
        assertTrue(fitted.table().isIdentity() && fitted.filter().isIdentity());
        assertEquals(1, fitted.share());
        Mat query = ColourImages.smooth(200, 260, 8);
        double carried = ColourImages.psnr(fitted.at(1).apply(query), GainMapTest.vignette(query));
        assertTrue(carried > 38, "carried at " + carried + " dB");
        double undone = ColourImages.psnr(fitted.at(-1).apply(GainMapTest.vignette(query)), query);
        assertTrue(undone > 35, "undone at " + undone + " dB");
    }

    @Test
    void aGradeIsNotTakenForAGainMap() {
        Mat before = ColourImages.random(120, 100, 9);
        Mat after = ColourImages.map(before, p -> new float[] {1 - p[0], p[1] * p[1], p[2]});
        assertTrue(fitter.fit(before, after).orElseThrow().gain().isIdentity());
    }

    @Test
    void noChangeIsTheIdentityAndAPairOfOtherSizesIsStillFitted() {
        Mat before = ColourImages.random(64, 80, 6);
        FittedChange none = fitter.fit(before, before.clone()).orElseThrow();
        assertEquals(1, none.share());
        assertTrue(ColourImages.maxDifference(none.at(1).apply(before), before) < 0.01);
        // An after twice the size (exported at another resolution) is the same picture, stretched back.
        Mat big = new Mat();
        Imgproc.resize(ColourImages.map(before, WARM_GRADE), big, new Size(160, 128), 0, 0, Imgproc.INTER_NEAREST);
        assertEquals(1, fitter.fit(before, big).orElseThrow().share());
    }

    @Test
    void theShareFallsLinearlyFromAllToNone() {
        assertEquals(1, PairFitter.share(0));
        assertEquals(1, PairFitter.share(PairFitter.WHOLLY_EXPLAINED));
        assertEquals(0.5, PairFitter.share((PairFitter.WHOLLY_EXPLAINED + PairFitter.NOT_EXPLAINED) / 2), 1e-9);
        assertEquals(0, PairFitter.share(PairFitter.NOT_EXPLAINED));
        assertEquals(0, PairFitter.share(3));
    }

    @Test
    void aBlendMixesTheFittedPartAndTheModelByShareAndRefusesNonsense() {
        Mat query = ColourImages.random(8, 8, 7);
        Mat model = ColourImages.random(8, 8, 8);
        Lut3d darken = Lut3d.identity(2).towards(0.5);
        Mat blended = new FittedBlend(darken, 0.25).blend(query, model);
        Mat expected = new Mat();
        Core.addWeighted(darken.apply(query), 0.25, model, 0.75, 0, expected);
        assertEquals(0, ColourImages.maxDifference(blended, expected), 1e-6);
        assertTrue(new FittedBlend(darken, 1).replacesModel());
        assertTrue(FittedBlend.NONE.isNone());
        assertThrows(IllegalArgumentException.class, () -> new FittedBlend(darken, 1.5));
        GaussianMixFilter identity = GaussianMixFilter.identity();
        assertThrows(IllegalArgumentException.class,
                () -> new FittedChange(identity, darken, identity, darken, -0.1));
    }

    private static Mat blur(Mat rgb, double sigma) {
        Mat out = new Mat();
        Imgproc.GaussianBlur(rgb, out, new Size(0, 0), sigma, sigma, Core.BORDER_REFLECT_101);
        return out;
    }
}
