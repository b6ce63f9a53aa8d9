package studio.loc.diffusion.pipeline.fullres;

import java.util.List;
import org.opencv.core.Core;
import org.opencv.core.Mat;
import org.opencv.core.Size;
import studio.loc.diffusion.image.MatScope;

/**
 * Carries the model's change over as a smooth colour map wherever such a map explains it, and as
 * {@link AdaptiveTransfer} does everywhere else.
 *
 * <p>Why: the low-resolution edit a small diffusion model returns carries sampling noise and blotches next to the
 * change itself, and {@link AdaptiveTransfer} starts from {@code up(editedLow)}, so it copies them onto the photo.
 * A coarse grid of local affine colour transforms ({@value #CELLS}×{@value #CELLS} cells) fitted from
 * {@code queryLow} to {@code editedLow} keeps the colour and tone change and drops what no smooth colour map can
 * produce. Where that map leaves a residual as large as the query's own fine detail (a blur, a stylisation), the
 * residual is the edit, and the adaptive transfer's result is kept.
 *
 * <p>The weight of the colour map uses {@link AdaptiveTransfer}'s rule with the coarse grid's residual and a window
 * of half a cell: 1 for an energy ratio at or below {@value #Q_COLOUR}, 0 at or above {@value #Q_EDIT}, so a blur
 * (ratio about 1) stays a blur. Measured on the 48 synthetic validation quads (never the development set) with the
 * bundled model, through the whole pipeline, overall PSNR / SSIM: the adaptive transfer alone 24.38 / 0.816, these
 * defaults 24.70 / 0.822; thresholds (0.5, 2.0) scored 24.95 / 0.832 but give part of a real blur back its detail,
 * so they fit this model's noise rather than the edits. With the true B' as the "model's" edit (a perfect model)
 * the defaults reach 40.2 dB where the adaptive transfer reaches 46.2: far above what the model reaches either way.
 */
public final class SmoothColourFirstTransfer implements ChangeTransfer {

    /** Cells per side of the colour map: coarse enough to average the model's noise away, fine enough for a vignette. */
    public static final int CELLS = 3;
    /** Residual/detail energy ratio at or below which only the colour map is used. */
    public static final double Q_COLOUR = 0.2;
    /** Ratio at or above which only the adaptive transfer is used. */
    public static final double Q_EDIT = 0.8;

    private final AdaptiveTransfer fine;
    private final LocalAffineColorTransfer coarse;
    private final double qColour;
    private final double qEdit;

    public SmoothColourFirstTransfer() {
        this(new AdaptiveTransfer(), new LocalAffineColorTransfer(CELLS, LocalAffineColorTransfer.DEFAULT_RIDGE,
                LocalAffineColorTransfer.DEFAULT_SMOOTH), Q_COLOUR, Q_EDIT);
    }

    public SmoothColourFirstTransfer(AdaptiveTransfer fine, LocalAffineColorTransfer coarse, double qColour,
                                     double qEdit) {
        if (!(qColour >= 0 && qEdit > qColour)) {
            throw new IllegalArgumentException("need 0 <= qColour < qEdit, got " + qColour + ", " + qEdit);
        }
        this.fine = fine;
        this.coarse = coarse;
        this.qColour = qColour;
        this.qEdit = qEdit;
    }

    @Override
    public Mat transfer(Mat queryFull, Mat queryLow, Mat editedLow) {
        Mats.checkInputs(queryFull, queryLow, editedLow);
        MatScope scope = new MatScope();
        Mat edited = Mats.matchSize(editedLow, queryLow, scope);
        // The low-resolution Mats and the grid are small next to one full-resolution band, so they simply live
        // until the end of the transfer.
        try (scope; AffineGrid grid = coarse.fitGrid(queryLow, edited)) {
            Mat result = scope.add(fine.transfer(queryFull, queryLow, edited));
            Mat mappedLow = scope.add(grid.apply(queryLow));
            Mat residualLow = scope.newMat();
            Core.subtract(edited, mappedLow, residualLow);
            double halfCell = Math.max(queryLow.cols(), queryLow.rows()) / (2.0 * coarse.cells());
            Mat weightLow = scope.add(AdaptiveTransfer.affineWeight(queryLow, residualLow, Math.max(1.0, halfCell),
                    qColour, qEdit));
            if (Core.minMaxLoc(weightLow).maxVal == 0) {
                // The colour map explains no region (a blur, a stylisation): no full-resolution colour pass.
                return scope.keep(result);
            }
            Size full = queryFull.size();
            try (RowUpsampler upWeight = new RowUpsampler(weightLow, full);
                 AffineGrid.Upsampled coefficients = grid.upsampledTo(full)) {
                for (int y0 = 0; y0 < queryFull.rows(); y0 += Mats.BAND_ROWS) {
                    int y1 = Math.min(queryFull.rows(), y0 + Mats.BAND_ROWS);
                    try (MatScope rows = new MatScope()) {
                        Mat band = rows.add(queryFull.rowRange(y0, y1));
                        Mat mapped = rows.add(coefficients.applyRows(band, y0));
                        Mat target = rows.add(result.rowRange(y0, y1));
                        // target += w * (mapped - target)
                        Core.subtract(mapped, target, mapped);
                        Mat weight = rows.add(upWeight.rows(y0, y1));
                        Mat weight3 = rows.newMat();
                        Core.merge(List.of(weight, weight, weight), weight3);
                        Core.multiply(mapped, weight3, mapped);
                        Core.add(target, mapped, mapped);
                        Mats.clamp01(mapped).copyTo(target);
                    }
                }
            }
            return scope.keep(result);
        }
    }
}
