package studio.loc.hypernet.eval;

/** Mean scores of one predictor over the {@code n} quads of one edit (all of one category). */
public record EditScores(String predictor, String edit, String category, int n, double psnr, double ssim,
                         double deltaE00) {
}
