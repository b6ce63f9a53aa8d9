package studio.loc.hypernet.eval;

/** The three development-set metrics for one predicted B' (PSNR in dB, SSIM in [-1, 1], mean CIEDE2000). */
public record QuadScores(double psnr, double ssim, double deltaE00) {
}
