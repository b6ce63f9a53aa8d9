package studio.loc.diffusion.pipeline.fullres;

import org.opencv.core.Mat;

/**
 * Transfers colour and tone edits: fits a smooth grid of local affine RGB-to-RGB transforms that map
 * {@code queryLow} to {@code editedLow}, interpolates them bilinearly to full resolution and applies them to every
 * full-resolution pixel. Full-resolution detail passes through the (locally linear) transforms, so it survives,
 * and an unchanged edit comes back exactly as the input. Spatial edits (blur, sharpening) are not representable
 * this way; see {@link ResidualDetailTransfer} and {@link AdaptiveTransfer}.
 */
public final class LocalAffineColorTransfer implements ChangeTransfer {

    /** Cells along the longer side: 16 keeps local edits (vignettes, graduated filters) while staying robust. */
    public static final int DEFAULT_CELLS = 16;
    /** Ridge on the colour covariance (values in [0,1]): cells flatter than about 0.01 std keep A close to I. */
    public static final double DEFAULT_RIDGE = 1e-4;
    /** Smoothing of moments and coefficients, in cells. */
    public static final double DEFAULT_SMOOTH = 1.0;

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
        Mat edited = Mats.matchSize(editedLow, queryLow);
        AffineGrid grid = fitGrid(queryLow, edited);
        if (edited != editedLow) {
            edited.release();
        }
        try {
            return grid.apply(queryFull);
        } finally {
            grid.release();
        }
    }

    AffineGrid fitGrid(Mat queryLow, Mat editedLow) {
        return AffineGrid.fit(queryLow, editedLow, cells, ridge, smooth);
    }
}
