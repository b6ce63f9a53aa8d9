package studio.loc.diffusion.pipeline.fullres;

import org.opencv.core.Core;
import org.opencv.core.CvType;
import org.opencv.core.Mat;
import org.opencv.core.Scalar;
import org.opencv.core.Size;
import org.opencv.imgproc.Imgproc;

/**
 * Chooses, region by region, between the colour path ({@link LocalAffineColorTransfer}) and the detail path
 * ({@link ResidualDetailTransfer}), so one transfer serves colour, tone and spatial edits alike.
 *
 * <p>The rule: fit the local affine grid on the low-resolution pair and look at what it fails to explain,
 * {@code r = editedLow - affine(queryLow)}. Around every low-resolution pixel (Gaussian window of one cell) compare
 * the residual energy with the query's fine-detail energy: {@code q = E[|r|^2] / (E[|band(queryLow)|^2] + floor)}.
 * A colour or tone edit leaves almost nothing (q near 0), so the affine path is used (weight 1 for
 * q <= {@value #Q_AFFINE}); a blur or sharpening leaves a residual as large as the detail it removed or added
 * (q of order 1), so the detail path is used (weight 0 for q >= {@value #Q_DETAIL}); in between the two blend
 * linearly. The weight map is upsampled bilinearly.
 *
 * <p>Both paths are made consistent with {@code editedLow} at low resolution: the affine path adds the upsampled
 * residual {@code up(r)}, so whatever low-frequency change the affine model missed (strong local edits) is still
 * carried over, and only the treatment of the full-resolution detail differs between the paths.
 */
public final class AdaptiveTransfer implements ChangeTransfer {

    /** Residual/detail energy ratio at or below which the affine path is used alone. */
    public static final double Q_AFFINE = 0.1;
    /** Residual/detail energy ratio at or above which the detail path is used alone. */
    public static final double Q_DETAIL = 0.4;
    /**
     * Energy floor (sum over RGB of squared [0,1] values): flat regions, where 8-bit quantisation of the edit
     * alone would give a large ratio, count as explained.
     */
    static final double ENERGY_FLOOR = 1e-4;

    private final LocalAffineColorTransfer affine;

    public AdaptiveTransfer() {
        this(new LocalAffineColorTransfer());
    }

    public AdaptiveTransfer(LocalAffineColorTransfer affine) {
        this.affine = affine;
    }

    @Override
    public Mat transfer(Mat queryFull, Mat queryLow, Mat editedLow) {
        Mats.checkInputs(queryFull, queryLow, editedLow);
        Mat edited = Mats.matchSize(editedLow, queryLow);
        AffineGrid grid = affine.fitGrid(queryLow, edited);
        Mat predictedLow = grid.apply(queryLow);
        Mat residualLow = new Mat();
        Core.subtract(edited, predictedLow, residualLow);
        predictedLow.release();
        double cellPixels = Math.max(queryLow.cols(), queryLow.rows()) / (double) LocalAffineColorTransfer.DEFAULT_CELLS;
        Mat weightLow = affineWeight(queryLow, residualLow, Math.max(1.0, cellPixels));
        double gain = ResidualDetailTransfer.fullResolutionGain(ResidualDetailTransfer.detailGain(queryLow, edited));

        Size full = queryFull.size();
        // Detail path: up(editedLow) + gain * (queryFull - up(queryLow)).
        Mat upEdited = Mats.resize(edited, full);
        Mat upQuery = Mats.resize(queryLow, full);
        if (edited != editedLow) {
            edited.release();
        }
        Mat detailPath = new Mat();
        Core.subtract(queryFull, upQuery, detailPath);
        Core.scaleAdd(detailPath, gain, upEdited, detailPath);
        Mats.release(upEdited, upQuery);

        // Affine path: affine(queryFull) + up(residual).
        Mat affinePath = grid.apply(queryFull);
        grid.release();
        Mat upResidual = Mats.resize(residualLow, full);
        Core.add(affinePath, upResidual, affinePath);
        Mats.release(upResidual, residualLow);

        // result = detail + w * (affine - detail)
        Mat weight = Mats.resize(weightLow, full);
        weightLow.release();
        Mat weight3 = new Mat();
        Core.merge(java.util.List.of(weight, weight, weight), weight3);
        weight.release();
        Core.subtract(affinePath, detailPath, affinePath);
        Core.multiply(affinePath, weight3, affinePath);
        Core.add(detailPath, affinePath, detailPath);
        Mats.release(affinePath, weight3);
        return detailPath;
    }

    /** Per low-resolution pixel weight of the affine path in [0, 1], CV_32FC1 (see the class comment). */
    static Mat affineWeight(Mat queryLow, Mat residualLow, double windowSigma) {
        Mat residualEnergy = localEnergy(residualLow, windowSigma);
        Mat blurred = new Mat();
        Imgproc.GaussianBlur(queryLow, blurred, new Size(0, 0), 1.0, 1.0, Core.BORDER_REFLECT);
        Mat band = new Mat();
        Core.subtract(queryLow, blurred, band);
        blurred.release();
        Mat detailEnergy = localEnergy(band, windowSigma);
        band.release();
        Core.add(detailEnergy, new Scalar(ENERGY_FLOOR), detailEnergy);
        Mat ratio = new Mat();
        Core.divide(residualEnergy, detailEnergy, ratio);
        Mats.release(residualEnergy, detailEnergy);
        // w = clamp((Q_DETAIL - q) / (Q_DETAIL - Q_AFFINE), 0, 1)
        Mat weight = new Mat();
        ratio.convertTo(weight, CvType.CV_32F, -1.0 / (Q_DETAIL - Q_AFFINE), Q_DETAIL / (Q_DETAIL - Q_AFFINE));
        ratio.release();
        Imgproc.threshold(weight, weight, 1.0, 1.0, Imgproc.THRESH_TRUNC);
        Imgproc.threshold(weight, weight, 0.0, 0.0, Imgproc.THRESH_TOZERO);
        return weight;
    }

    /** Gaussian-windowed mean of the squared RGB norm, CV_32FC1. */
    private static Mat localEnergy(Mat rgb, double sigma) {
        Mat squared = new Mat();
        Core.multiply(rgb, rgb, squared);
        Mat energy = new Mat();
        Core.transform(squared, energy, new Mat(1, 3, CvType.CV_32F, new Scalar(1)));
        squared.release();
        Imgproc.GaussianBlur(energy, energy, new Size(0, 0), sigma, sigma, Core.BORDER_REFLECT);
        return energy;
    }
}
