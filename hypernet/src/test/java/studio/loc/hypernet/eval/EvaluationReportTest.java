package studio.loc.hypernet.eval;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The per-edit means and the below-baseline list, on scores made up so that the answer is known. */
class EvaluationReportTest {

    private static DevsetQuad quad(String edit, String category, int k) {
        Path p = Path.of(edit, Integer.toString(k));
        return new DevsetQuad(edit, category, k, p.resolve("a.png"), p.resolve("a_edit.png"), p.resolve("b.png"),
                p.resolve("b_edit.png"));
    }

    /**
     * Two edits in one category: the method beats both baselines by far on "blur" and falls just below the LUT on
     * "grade", which the category mean (the method ahead) hides.
     */
    private static EvaluationReport report() {
        List<QuadResult> results = new ArrayList<>();
        double[][] psnr = {
            // identity, lut9, method for blur/0, blur/1, grade/0, grade/1
            {20, 19, 40}, {22, 21, 42}, {25, 35, 34}, {27, 37, 35}};
        String[] edits = {"blur", "blur", "grade", "grade"};
        String[] names = {"identity", "lut9", "method"};
        for (int q = 0; q < 4; q++) {
            DevsetQuad quad = quad(edits[q], "look", q % 2);
            for (int p = 0; p < 3; p++) {
                results.add(new QuadResult(names[p], quad, new QuadScores(psnr[q][p], 0.5 + p / 10.0, 10 - p)));
            }
        }
        return new EvaluationReport(List.of(names), results);
    }

    @Test
    void averagesPerEditAndWritesTheTableAndCsv() {
        EvaluationReport report = report();
        assertEquals(List.of("blur", "grade"), report.edits());
        EditScores grade = report.editSummary("method", "grade");
        assertEquals(2, grade.n());
        assertEquals("look", grade.category());
        assertEquals(34.5, grade.psnr(), 1e-9);
        assertEquals(0, report.editSummary("method", "none").n());
        String table = report.toEditMarkdownTable();
        assertTrue(table.contains("| grade | look | 2 | 26.00 / 0.500 / 10.00 | 36.00 / 0.600 / 9.00 |"
                + " 34.50 / 0.700 / 8.00 |"), table);
        String csv = report.toEditCsv();
        assertEquals(1 + 3 * 2, csv.lines().count(), csv);
        assertTrue(csv.contains("method,grade,look,2,34.5000,0.70000,8.0000"), csv);
    }

    @Test
    void listsTheEditsWhereTheMethodFallsBelowTheBetterBaseline() {
        EvaluationReport report = report();
        // the category mean has the method ahead of the LUT (37.75 against 28 dB) ...
        assertTrue(report.summary("method", "look").psnr() > report.summary("lut9", "look").psnr());
        // ... and yet on "grade" it is 1.5 dB below it
        List<BelowBaseline> below = report.belowBaseline("method", List.of("identity", "lut9"));
        assertEquals(1, below.size());
        BelowBaseline grade = below.get(0);
        assertEquals("grade", grade.edit());
        assertEquals("lut9", grade.baseline());
        assertEquals(1.5, grade.shortfall(), 1e-9);
        String markdown = report.belowBaselineMarkdown("method", List.of("identity", "lut9"));
        assertTrue(markdown.contains("| grade | look | 34.50 | lut9 | 36.00 | 1.50 |"), markdown);
        assertTrue(report.belowBaselineMarkdown("method", List.of("identity")).startsWith("No edit where"));
        assertThrows(IllegalArgumentException.class, () -> report.belowBaseline("method", List.of("lut17")));
    }
}
