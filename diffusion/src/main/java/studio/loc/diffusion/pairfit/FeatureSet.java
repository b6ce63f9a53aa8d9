package studio.loc.diffusion.pairfit;

import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import studio.loc.diffusion.pairfit.GaussianMixFilter.Features;

/**
 * The features of a pair's windows ({@link PairSample}), the top half's and the bottom half's, which the set owns:
 * closing it releases them.
 */
final class FeatureSet implements AutoCloseable {

    private final List<Features> top;
    private final List<Features> bottom;

    private FeatureSet(List<Features> top, List<Features> bottom) {
        this.top = top;
        this.bottom = bottom;
    }

    /** The features of {@code sample}'s windows, before → after ({@code reversed}: after → before). */
    static FeatureSet of(PairSample sample, boolean reversed) {
        return new FeatureSet(features(sample.top(), reversed), features(sample.bottom(), reversed));
    }

    private static List<Features> features(List<FitWindow> windows, boolean reversed) {
        List<Features> out = new ArrayList<>();
        for (FitWindow w : windows) {
            out.add(reversed ? reversedFeatures(w) : Features.of(w));
        }
        return out;
    }

    private static Features reversedFeatures(FitWindow window) {
        try (FitWindow back = window.reversed()) {
            return Features.of(back);
        }
    }

    /** The top half's windows' features. */
    List<Features> top() {
        return top;
    }

    /** The bottom half's. */
    List<Features> bottom() {
        return bottom;
    }

    /** Every window's, the top half's first. */
    List<Features> all() {
        return Stream.concat(top.stream(), bottom.stream()).toList();
    }

    @Override
    public void close() {
        all().forEach(Features::close);
    }
}
