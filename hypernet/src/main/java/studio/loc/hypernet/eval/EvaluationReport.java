package studio.loc.hypernet.eval;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * Per-quad scores of every predictor, with means per category and over all quads ("all"), in the layout of the
 * development set's reference table.
 *
 * @param predictors predictor names in the order they ran
 * @param results    one entry per predictor and quad
 */
public record EvaluationReport(List<String> predictors, List<QuadResult> results) {

    /** The pseudo-category that averages over every quad. */
    public static final String ALL = "all";

    public EvaluationReport {
        predictors = List.copyOf(predictors);
        results = List.copyOf(results);
    }

    /** Categories in the order they first appear, followed by {@link #ALL}. */
    public List<String> categories() {
        Set<String> cats = new LinkedHashSet<>();
        for (QuadResult r : results) {
            cats.add(r.quad().category());
        }
        List<String> out = new ArrayList<>(cats);
        out.add(ALL);
        return out;
    }

    /** Mean scores of one predictor over one category (or {@link #ALL}); n = 0 and NaN means when empty. */
    public CategoryScores summary(String predictor, String category) {
        int n = 0;
        double psnr = 0;
        double ssim = 0;
        double de = 0;
        for (QuadResult r : results) {
            if (r.predictor().equals(predictor) && (ALL.equals(category) || r.quad().category().equals(category))) {
                n++;
                psnr += r.scores().psnr();
                ssim += r.scores().ssim();
                de += r.scores().deltaE00();
            }
        }
        return n == 0 ? new CategoryScores(predictor, category, 0, Double.NaN, Double.NaN, Double.NaN)
                : new CategoryScores(predictor, category, n, psnr / n, ssim / n, de / n);
    }

    /** Every (predictor, category) summary, predictors outermost. */
    public List<CategoryScores> summaries() {
        List<CategoryScores> out = new ArrayList<>();
        for (String p : predictors) {
            for (String c : categories()) {
                out.add(summary(p, c));
            }
        }
        return out;
    }

    /** One row per category, one "PSNR / SSIM / dE00" column per predictor, as in the devset README. */
    public String toMarkdownTable() {
        StringBuilder sb = new StringBuilder("| category | n |");
        for (String p : predictors) {
            sb.append(' ').append(p).append(" PSNR / SSIM / dE00 |");
        }
        sb.append("\n|---|---|");
        sb.append("---|".repeat(predictors.size()));
        sb.append('\n');
        for (String c : categories()) {
            int n = predictors.isEmpty() ? 0 : summary(predictors.get(0), c).n();
            sb.append("| ").append(c).append(" | ").append(n).append(" |");
            for (String p : predictors) {
                CategoryScores s = summary(p, c);
                sb.append(String.format(Locale.ROOT, " %.2f / %.3f / %.2f |", s.psnr(), s.ssim(), s.deltaE00()));
            }
            sb.append('\n');
        }
        return sb.toString();
    }

    /** {@code predictor,category,n,psnr,ssim,deltaE00}, one line per summary, with a header. */
    public String toCsv() {
        StringBuilder sb = new StringBuilder("predictor,category,n,psnr,ssim,deltaE00\n");
        for (CategoryScores s : summaries()) {
            sb.append(Csv.quote(s.predictor())).append(',').append(Csv.quote(s.category())).append(',').append(s.n())
                    .append(String.format(Locale.ROOT, ",%.4f,%.5f,%.4f%n", s.psnr(), s.ssim(), s.deltaE00()));
        }
        return sb.toString();
    }
}
