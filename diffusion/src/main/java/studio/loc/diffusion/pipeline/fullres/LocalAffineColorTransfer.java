package studio.loc.diffusion.pipeline.fullres;

import org.opencv.core.Mat;
import studio.loc.diffusion.image.MatScope;

/**
 * Transfers colour and tone edits: fits a smooth grid of local affine RGB-to-RGB transforms that map
 * {@code queryLow} to {@code editedLow}, interpolates them bilinearly to full resolution and applies them to every
 * full-resolution pixel. Full-resolution detail passes through the (locally linear) transforms, so it survives,
 * and an unchanged edit comes back exactly as the input. Spatial edits (blur, sharpening) are not representable
 * this way; see {@link ResidualDetailTransfer} and {@link AdaptiveTransfer}.
 */
public final class LocalAffineColorTransfer implements ChangeTransfer {

    /**
     * Cells along the longer side. Finer grids follow local edits (vignettes, graduated filters) better: on the
     * development set 8 / 16 / 24 / 32 cells gave 35.3 / 36.7 / 36.9 / 36.9 dB (adaptive transfer, 64 -> 256 px).
     */
    public static final int DEFAULT_CELLS = 24;
    /**
     * Ridge on the colour covariance (values in [0,1]): cells flatter than about 0.01 std keep A close to I. 1e-5
     * scores 0.4 dB higher on exact edits, but a model's output is noisier than a tool's, so this errs on the safe
     * side.
     */
    public static final double DEFAULT_RIDGE = 1e-4;
    /** Smoothing of moments and coefficients, in cells (0.5 beat 1 and 2 on the development set). */
    public static final double DEFAULT_SMOOTH = 0.5;

    private final int cells;
    private final double ridge;
    private final double smooth;

    public LocalAffineColorTransfer() {
        this(DEFAULT_CELLS, DEFAULT_RIDGE, DEFAULT_SMOOTH);
    }

    public LocalAffineColorTransfer(int cells, double ridge, double smooth) {
        if (cells < 1 || ridge <= 0 || smooth < 0) {
            throw new IllegalArgumentException("need cells >= 1, ridge > 0, smooth >= 0");
        }
        this.cells = cells;
        this.ridge = ridge;
        this.smooth = smooth;
    }

    @Override
    public Mat transfer(Mat queryFull, Mat queryLow, Mat editedLow) {
        Mats.checkInputs(queryFull, queryLow, editedLow);
        AffineGrid.Upsampled coefficients;
        try (MatScope low = new MatScope();
             AffineGrid grid = fitGrid(queryLow, Mats.matchSize(editedLow, queryLow, low))) {
            coefficients = grid.upsampledTo(queryFull.size());
        }
        try (coefficients; MatScope scope = new MatScope()) {
            Mat result = scope.add(new Mat(queryFull.size(), queryFull.type()));
            for (int y0 = 0; y0 < queryFull.rows(); y0 += Mats.BAND_ROWS) {
                int y1 = Math.min(queryFull.rows(), y0 + Mats.BAND_ROWS);
                try (MatScope rows = new MatScope()) {
                    Mat band = rows.add(queryFull.rowRange(y0, y1));
                    Mat transformed = rows.add(coefficients.applyRows(band, y0));
                    Mat target = rows.add(result.rowRange(y0, y1));
                    Mats.clamp01(transformed).copyTo(target);
                }
            }
            return scope.keep(result);
        }
    }

    int cells() {
        return cells;
    }

    AffineGrid fitGrid(Mat queryLow, Mat editedLow) {
        return AffineGrid.fit(queryLow, editedLow, cells, ridge, smooth);
    }
}
