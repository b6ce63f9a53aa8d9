package studio.loc.hypernet.eval;

/** Mean scores of one predictor over the {@code n} quads of one category (or of "all"). */
public record CategoryScores(String predictor, String category, int n, double psnr, double ssim, double deltaE00) {
}
