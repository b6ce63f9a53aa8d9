package studio.loc.diffusion.pairfit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.opencv.core.Mat;
import studio.loc.diffusion.colour.ColourImages;

class PixelKernelTest {

    /** A relief lit from the top left, on mid grey, the same on every channel, as an emboss filter makes it. */
    static final float[] EMBOSS = {-0.5f, -0.25f, 0, -0.25f, 0.5f, 0.25f, 0, 0.25f, 0.5f, 0.25f};

    @Test
    void anEmbossIsFittedAndCarriedToAnotherPicture() {
        Mat before = ColourImages.smooth(96, 96, 3);
        Mat after = PixelKernel.of(EMBOSS).apply(before);
        PixelKernel fitted;
        try (FitWindow whole = FitWindow.whole(before, after)) {
            fitted = PixelKernel.fit(List.of(whole));
        }
        Mat query = ColourImages.smooth(70, 80, 4);
        double carried = ColourImages.psnr(fitted.apply(query), PixelKernel.of(EMBOSS).apply(query));
        assertTrue(carried > 40, "carried at " + carried + " dB");
    }

    @Test
    void theIdentityChangesNothingAndStrengthIsLinearInTheTaps() {
        Mat query = ColourImages.random(40, 30, 5);
        assertEquals(0, ColourImages.maxDifference(PixelKernel.identity().apply(query), query), 1e-6);
        PixelKernel emboss = PixelKernel.of(EMBOSS);
        assertFalse(emboss.isIdentity());
        assertTrue(emboss.towards(0).isIdentity());
        float[] half = emboss.towards(0.5).weights();
        float[] id = PixelKernel.identity().weights();
        for (int i = 0; i < EMBOSS.length; i++) {
            assertEquals((EMBOSS[i] + id[i]) / 2, half[i], 1e-6);
        }
        assertThrows(IllegalArgumentException.class, () -> PixelKernel.of(new float[9]));
        float[] broken = EMBOSS.clone();
        broken[2] = Float.POSITIVE_INFINITY;
        assertThrows(IllegalArgumentException.class, () -> PixelKernel.of(broken));
    }
}
