package studio.loc.hypernet.eval;

import org.opencv.core.Mat;

/**
 * The classic colour-transfer baseline: a 3D LUT fitted on A to A' and applied to B. It captures any global,
 * per-colour edit (LUTs, curves, grades) and nothing spatial (blur, vignette, stylisation).
 */
public final class LutBaselinePredictor implements EditPredictor {

    /** 9^3 nodes, the table size of the reference baseline. */
    public static final int DEFAULT_SIZE = 9;
    /** Smoothness weight tuned on the development set (see the evaluation test's report). */
    public static final double DEFAULT_LAMBDA = 1e-4;

    private final int size;
    private final double lambda;

    public LutBaselinePredictor() {
        this(DEFAULT_SIZE, DEFAULT_LAMBDA);
    }

    public LutBaselinePredictor(int size, double lambda) {
        this.size = size;
        this.lambda = lambda;
    }

    @Override
    public String name() {
        return "lut" + size;
    }

    @Override
    public Mat predict(Mat a, Mat aEdited, Mat b) {
        return Lut3d.fit(a, aEdited, size, lambda).apply(b);
    }
}
