package studio.loc.hypernet.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Arrays;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import studio.loc.diffusion.colour.Lut3d;
import studio.loc.diffusion.pairfit.FittedChange;
import studio.loc.diffusion.pairfit.GainMap;
import studio.loc.diffusion.pairfit.GaussianMixFilter;

class FittedPartSummaryTest {

    private static final GaussianMixFilter NO_FILTER = GaussianMixFilter.identity();
    private static final Lut3d NO_TABLE = Lut3d.identity(2);

    private static Lut3d warmTable() {
        float[] nodes = Lut3d.identity(3).nodes();
        nodes[0] = 0.1f;
        return Lut3d.of(3, nodes);
    }

    private static GainMap darkCorners() {
        float[] gains = new float[GainMap.GRID * GainMap.GRID * 3];
        Arrays.fill(gains, 1);
        gains[0] = 0.4f;
        return GainMap.of(GainMap.GRID, gains);
    }

    @Test
    void namesWhatCarriesTheChangeAndHowMuch() {
        assertEquals("the diffusion model carries all of it", FittedPartSummary.of(Optional.empty()));
        assertEquals("a colour table fitted on the pair carries all of it", FittedPartSummary.of(Optional.of(
                new FittedChange(NO_FILTER, warmTable(), NO_FILTER, warmTable(), 1))));
        assertEquals("a gain map over the frame fitted on the pair carries 40 % of it, the diffusion model the rest",
                FittedPartSummary.of(Optional.of(new FittedChange(NO_FILTER, NO_TABLE, NO_FILTER, NO_TABLE, 0.4,
                        darkCorners(), darkCorners()))));
        float[] sharpen = NO_FILTER.weights();
        sharpen[0] = 1.2f;
        GaussianMixFilter filter = GaussianMixFilter.of(256, GaussianMixFilter.SIGMAS, sharpen);
        assertEquals("a filter, a colour table and a gain map over the frame fitted on the pair carry all of it",
                FittedPartSummary.of(Optional.of(new FittedChange(filter, warmTable(), filter, warmTable(), 1,
                        darkCorners(), darkCorners()))));
    }
}
