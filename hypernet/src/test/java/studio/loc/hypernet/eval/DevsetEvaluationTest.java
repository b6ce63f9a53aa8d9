package studio.loc.hypernet.eval;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Scores the identity and LUT baselines on the shared development set and checks the identity row against the
 * README's reference table (which pins down the metric definitions). Skipped when the set is not next to the
 * checkout.
 */
class DevsetEvaluationTest {

    /** README reference, identity (B' = B): PSNR, SSIM, dE00 per category. */
    private static final Map<String, double[]> IDENTITY_REFERENCE = Map.of(
            "color_lut", new double[] {18.83, 0.799, 13.42},
            "color_grade", new double[] {22.34, 0.889, 12.92},
            "tone", new double[] {22.89, 0.924, 6.05},
            "blur_sharpen", new double[] {20.89, 0.692, 5.66},
            "stylize", new double[] {10.04, 0.227, 24.45},
            "local", new double[] {10.73, 0.593, 22.52},
            "all", new double[] {19.01, 0.739, 12.99});

    static Path devsetFolder() {
        String configured = System.getProperty("loc.devset");
        if (configured != null) {
            return Path.of(configured);
        }
        // Worktrees live at <root>/wt/<name>/<module>; the set at <root>/shared/devset.
        for (Path dir = Path.of("").toAbsolutePath(); dir != null; dir = dir.getParent()) {
            Path candidate = dir.resolve("shared").resolve("devset");
            if (Files.isRegularFile(candidate.resolve("manifest.csv"))) {
                return candidate;
            }
        }
        return Path.of("../shared/devset");
    }

    @Test
    void baselinesReproduceTheReferenceTable() throws Exception {
        Path folder = devsetFolder();
        assumeTrue(Files.isRegularFile(folder.resolve("manifest.csv")), "development set not found at " + folder);
        Devset set = Devset.open(folder);
        assertEquals(40, set.quads().size());

        IdentityPredictor identity = new IdentityPredictor();
        LutBaselinePredictor lut = new LutBaselinePredictor();
        EvaluationReport report = new Evaluator().run(set, List.of(identity, lut), null);
        System.out.println(report.toMarkdownTable());

        for (var e : IDENTITY_REFERENCE.entrySet()) {
            CategoryScores s = report.summary(identity.name(), e.getKey());
            double[] ref = e.getValue();
            assertEquals(ref[0], s.psnr(), 0.02, "identity PSNR on " + e.getKey());
            assertEquals(ref[1], s.ssim(), 0.002, "identity SSIM on " + e.getKey());
            assertEquals(ref[2], s.deltaE00(), 0.02, "identity dE00 on " + e.getKey());
        }
        // The reference LUT baseline scores 26.45 dB overall; ours must be in the same place.
        CategoryScores lutAll = report.summary(lut.name(), EvaluationReport.ALL);
        assertTrue(Math.abs(lutAll.psnr() - 26.45) < 0.5, "LUT baseline overall PSNR " + lutAll.psnr());
        assertTrue(report.summary(lut.name(), "tone").psnr() > report.summary(identity.name(), "tone").psnr() + 5);
    }
}
