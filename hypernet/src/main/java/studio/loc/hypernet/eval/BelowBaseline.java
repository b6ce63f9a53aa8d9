package studio.loc.hypernet.eval;

/**
 * An edit on which a method's mean PSNR is below the better of the baselines: a regression that a category mean
 * can hide.
 *
 * @param predictor the method
 * @param edit the edit, with its {@code category}
 * @param psnr the method's mean PSNR over the edit's quads
 * @param baseline the better baseline on this edit
 * @param baselinePsnr that baseline's mean PSNR
 */
public record BelowBaseline(String predictor, String edit, String category, double psnr, String baseline,
                            double baselinePsnr) {

    /** How far below the baseline, in dB (positive). */
    public double shortfall() {
        return baselinePsnr - psnr;
    }
}
