package studio.loc.hypernet.eval;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * Per-quad scores of every predictor, with means per category and over all quads ("all"), in the layout of the
 * development set's reference table; means per edit too, and the edits on which a method falls below the better
 * of its baselines.
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

    /** Edits in the order they first appear. */
    public List<String> edits() {
        Set<String> edits = new LinkedHashSet<>();
        for (QuadResult r : results) {
            edits.add(r.quad().edit());
        }
        return new ArrayList<>(edits);
    }

    /** Mean scores of one predictor over one edit's quads; n = 0 and NaN means when it has none. */
    public EditScores editSummary(String predictor, String edit) {
        int n = 0;
        double psnr = 0;
        double ssim = 0;
        double de = 0;
        String category = "";
        for (QuadResult r : results) {
            if (r.predictor().equals(predictor) && r.quad().edit().equals(edit)) {
                n++;
                psnr += r.scores().psnr();
                ssim += r.scores().ssim();
                de += r.scores().deltaE00();
                category = r.quad().category();
            }
        }
        return n == 0 ? new EditScores(predictor, edit, category, 0, Double.NaN, Double.NaN, Double.NaN)
                : new EditScores(predictor, edit, category, n, psnr / n, ssim / n, de / n);
    }

    /** One row per edit (with its category), one "PSNR / SSIM / dE00" column per predictor. */
    public String toEditMarkdownTable() {
        StringBuilder sb = new StringBuilder("| edit | category | n |");
        for (String p : predictors) {
            sb.append(' ').append(p).append(" PSNR / SSIM / dE00 |");
        }
        sb.append("\n|---|---|---|");
        sb.append("---|".repeat(predictors.size()));
        sb.append('\n');
        for (String edit : edits()) {
            EditScores first = editSummary(predictors.isEmpty() ? "" : predictors.get(0), edit);
            sb.append("| ").append(edit).append(" | ").append(first.category()).append(" | ").append(first.n())
                    .append(" |");
            for (String p : predictors) {
                EditScores s = editSummary(p, edit);
                sb.append(String.format(Locale.ROOT, " %.2f / %.3f / %.2f |", s.psnr(), s.ssim(), s.deltaE00()));
            }
            sb.append('\n');
        }
        return sb.toString();
    }

    /** {@code predictor,edit,category,n,psnr,ssim,deltaE00}, one line per predictor and edit, with a header. */
    public String toEditCsv() {
        StringBuilder sb = new StringBuilder("predictor,edit,category,n,psnr,ssim,deltaE00\n");
        for (String p : predictors) {
            for (String edit : edits()) {
                EditScores s = editSummary(p, edit);
                sb.append(Csv.quote(p)).append(',').append(Csv.quote(edit)).append(',').append(Csv.quote(s.category()))
                        .append(',').append(s.n())
                        .append(String.format(Locale.ROOT, ",%.4f,%.5f,%.4f%n", s.psnr(), s.ssim(), s.deltaE00()));
            }
        }
        return sb.toString();
    }

    /**
     * The edits on which {@code predictor}'s mean PSNR is below the best of {@code baselines}' mean PSNRs on the same
     * edit, in edit order.
     *
     * @throws IllegalArgumentException when a name is not one of this report's predictors
     */
    public List<BelowBaseline> belowBaseline(String predictor, List<String> baselines) {
        for (String name : concat(predictor, baselines)) {
            if (!predictors.contains(name)) {
                throw new IllegalArgumentException("no predictor \"" + name + "\" in this report " + predictors);
            }
        }
        List<BelowBaseline> below = new ArrayList<>();
        for (String edit : edits()) {
            EditScores method = editSummary(predictor, edit);
            EditScores best = null;
            for (String baseline : baselines) {
                EditScores s = editSummary(baseline, edit);
                if (best == null || s.psnr() > best.psnr()) {
                    best = s;
                }
            }
            if (best != null && method.psnr() < best.psnr()) {
                below.add(new BelowBaseline(predictor, edit, method.category(), method.psnr(), best.predictor(),
                        best.psnr()));
            }
        }
        return below;
    }

    /** The below-baseline list as Markdown: a table, or one line saying there is none. */
    public String belowBaselineMarkdown(String predictor, List<String> baselines) {
        List<BelowBaseline> below = belowBaseline(predictor, baselines);
        String against = String.join(" and ", baselines);
        if (below.isEmpty()) {
            return "No edit where " + predictor + "'s mean PSNR is below the better of " + against + ".\n";
        }
        StringBuilder sb = new StringBuilder(below.size() + (below.size() == 1 ? " edit" : " edits") + " where "
                + predictor + "'s mean PSNR is below the better of " + against + ":\n\n"
                + "| edit | category | " + predictor + " PSNR | better baseline | its PSNR | shortfall dB |\n"
                + "|---|---|---|---|---|---|\n");
        for (BelowBaseline b : below) {
            sb.append(String.format(Locale.ROOT, "| %s | %s | %.2f | %s | %.2f | %.2f |%n", b.edit(), b.category(),
                    b.psnr(), b.baseline(), b.baselinePsnr(), b.shortfall()));
        }
        return sb.toString();
    }

    private static List<String> concat(String first, List<String> rest) {
        List<String> all = new ArrayList<>(List.of(first));
        all.addAll(rest);
        return all;
    }
}
