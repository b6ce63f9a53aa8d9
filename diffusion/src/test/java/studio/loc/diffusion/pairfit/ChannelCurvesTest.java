package studio.loc.diffusion.pairfit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.function.UnaryOperator;
import org.junit.jupiter.api.Test;
import org.opencv.core.Mat;
import studio.loc.diffusion.colour.ColourImages;

class ChannelCurvesTest {

    /** Four levels a channel, on 8-bit values, as a posterize makes them. */
    static final UnaryOperator<float[]> POSTERIZE = p -> {
        float[] out = new float[3];
        for (int c = 0; c < 3; c++) {
            int level = Math.round(p[c] * 255);
            out[c] = Math.min(3, level * 4 / 256) / 3f;
        }
        return out;
    };

    @Test
    void aPosterizeIsFittedStepForStepAndCarriedExactlyToAnotherPicture() {
        Mat before = ColourImages.quantised(ColourImages.random(96, 96, 1));
        ChannelCurves curves = ChannelCurves.fit(before, ColourImages.map(before, POSTERIZE));
        Mat query = ColourImages.quantised(ColourImages.smooth(80, 70, 2));
        // A step of a whole third between two neighbouring levels is kept to within a hundredth of it.
        assertEquals(0, ColourImages.maxDifference(curves.apply(query), ColourImages.map(query, POSTERIZE)), 0.01);
    }

    @Test
    void levelsTheExampleNeverShowsKeepTheOffsetOfTheNearestOneItDoes() {
        // Only the darker half of the range, brightened by 0.1.
        Mat before = ColourImages.map(ColourImages.random(64, 64, 3), p -> new float[] {p[0] / 2, p[1] / 2, p[2] / 2});
        ChannelCurves curves = ChannelCurves.fit(before, ColourImages.map(before,
                p -> new float[] {p[0] + 0.1f, p[1] + 0.1f, p[2] + 0.1f}));
        assertEquals(0.35f, curves.map(0, 0.25f), 0.005);
        assertEquals(0.8f, curves.map(1, 0.7f), 0.01, "continues parallel to the identity");
        assertEquals(1f, curves.map(2, 0.95f), 0, "clamped to the unit range");
    }

    @Test
    void strengthMovesEveryNodeFromTheIdentityAndTheFileFormIsValidated() {
        Mat before = ColourImages.quantised(ColourImages.random(64, 64, 5));
        ChannelCurves curves = ChannelCurves.fit(before, ColourImages.map(before, POSTERIZE));
        assertFalse(curves.isIdentity());
        assertTrue(curves.towards(0).isIdentity());
        assertTrue(ChannelCurves.identity().isIdentity());
        float[] id = ChannelCurves.identity().nodes();
        float[] half = curves.towards(0.5).nodes();
        float[] full = curves.nodes();
        for (int i = 0; i < id.length; i++) {
            assertEquals((id[i] + full[i]) / 2, half[i], 1e-6);
        }
        assertEquals(curves.map(1, 0.4f), ChannelCurves.of(full).map(1, 0.4f));
        assertThrows(IllegalArgumentException.class, () -> ChannelCurves.of(new float[10]));
        full[7] = Float.NaN;
        assertThrows(IllegalArgumentException.class, () -> ChannelCurves.of(full));
    }
}
