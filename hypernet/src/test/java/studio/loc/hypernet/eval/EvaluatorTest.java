package studio.loc.hypernet.eval;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.opencv.core.Mat;

/** The evaluator on a tiny generated development set: two categories, three quads. */
class EvaluatorTest {

    @TempDir
    Path dir;

    @Test
    void readsTheManifestIncludingQuotedCommands() throws IOException {
        writeSet();
        Devset set = Devset.open(dir);
        assertEquals(3, set.quads().size());
        DevsetQuad first = set.quads().get(0);
        assertEquals("darken", first.edit());
        assertEquals("tone", first.category());
        assertEquals(0, first.index());
        assertEquals(dir.resolve("darken/0/b_edit.png"), first.bEdit());
        assertEquals("swap/1", set.quads().get(2).id());
    }

    @Test
    void scoresEveryPredictorPerCategoryAndOverall() throws Exception {
        writeSet();
        Path out = dir.resolve("predictions");
        EvaluationReport report = new Evaluator().run(Devset.open(dir),
                List.of(new IdentityPredictor(), new LutBaselinePredictor()), out);

        assertEquals(List.of("tone", "color_grade", EvaluationReport.ALL), report.categories());
        assertEquals(6, report.results().size());
        assertEquals(3, report.summary("identity", EvaluationReport.ALL).n());
        assertEquals(1, report.summary("lut9", "tone").n());
        // The LUT learns a global colour edit from A -> A'; doing nothing cannot compete.
        double lutPsnr = report.summary("lut9", EvaluationReport.ALL).psnr();
        double idPsnr = report.summary("identity", EvaluationReport.ALL).psnr();
        assertTrue(lutPsnr > idPsnr + 10, lutPsnr + " vs " + idPsnr);
        assertTrue(Files.isRegularFile(out.resolve("lut9/swap/1/b_pred.png")));
        assertTrue(Files.isRegularFile(out.resolve("identity/darken/0/b_pred.png")));

        String csv = report.toCsv();
        assertEquals(1 + 2 * 3, csv.lines().count(), csv);
        assertTrue(csv.startsWith("predictor,category,n,psnr,ssim,deltaE00"));
        String table = report.toMarkdownTable();
        assertTrue(table.contains("| color_grade | 2 |"), table);
        assertTrue(table.contains("lut9 PSNR / SSIM / dE00"), table);
    }

    @Test
    void aFailingPredictorIsNamedInTheError() throws Exception {
        writeSet();
        EditPredictor broken = new EditPredictor() {
            @Override
            public String name() {
                return "broken";
            }

            @Override
            public Mat predict(Mat a, Mat aEdited, Mat b) {
                throw new IllegalStateException("no model");
            }
        };
        EvaluationException e = assertThrows(EvaluationException.class,
                () -> new Evaluator().run(Devset.open(dir), List.of(broken), null));
        assertTrue(e.getMessage().contains("broken") && e.getMessage().contains("darken/0"), e.getMessage());
    }

    @Test
    void missingSetOrImageIsReportedWithItsPath() throws IOException {
        IOException noManifest = assertThrows(IOException.class, () -> Devset.open(dir));
        assertTrue(noManifest.getMessage().contains("manifest.csv"));
        writeSet();
        Files.delete(dir.resolve("swap/1/a_edit.png"));
        IOException noImage = assertThrows(IOException.class, () -> Devset.open(dir));
        assertTrue(noImage.getMessage().contains("a_edit.png"), noImage.getMessage());
    }

    private void writeSet() throws IOException {
        Files.writeString(dir.resolve("manifest.csv"), """
                edit,category,k,a_photo,b_photo,tool,command
                darken,tone,0,p1,p2,ImageMagick,"convert IN -modulate 80,100,100 OUT"
                swap,color_grade,0,p3,p4,test,swap
                swap,color_grade,1,p5,p6,test,swap
                """);
        writeQuad("darken/0", 1, p -> new float[] {p[0] * 0.7f, p[1] * 0.7f, p[2] * 0.7f});
        writeQuad("swap/0", 2, p -> new float[] {p[2], p[0], p[1]});
        writeQuad("swap/1", 3, p -> new float[] {p[2], p[0], p[1]});
    }

    private void writeQuad(String folder, long seed, java.util.function.UnaryOperator<float[]> edit)
            throws IOException {
        Path q = dir.resolve(folder);
        Mat a = TestImages.random(32, 32, seed);
        Mat b = TestImages.random(24, 28, seed + 100);
        RgbImages.write(q.resolve("a.png"), a);
        RgbImages.write(q.resolve("a_edit.png"), TestImages.map(a, edit));
        RgbImages.write(q.resolve("b.png"), b);
        RgbImages.write(q.resolve("b_edit.png"), TestImages.map(b, edit));
    }
}
