package studio.loc.hypernet.eval;

import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.opencv.core.Mat;
import org.opencv.core.Size;
import org.opencv.imgproc.Imgproc;
import studio.loc.diffusion.pipeline.fullres.AdaptiveTransfer;
import studio.loc.diffusion.pipeline.fullres.ChangeTransfer;
import studio.loc.diffusion.pipeline.fullres.LocalAffineColorTransfer;
import studio.loc.diffusion.pipeline.fullres.ResidualDetailTransfer;

/**
 * The full-resolution change transfers on real edits: each B' is shrunk 4x (as the model's output would be), carried
 * back to B's resolution and compared with the real B'. This measures the transfer alone (a perfect model), per
 * edit category. Skipped when the development set is absent.
 */
class ChangeTransferDevsetTest {

    private static final int LOW_SIDE = 64;

    @Test
    void adaptiveTransferBeatsPlainUpsamplingOnRealEdits() throws Exception {
        Path folder = DevsetEvaluationTest.devsetFolder();
        assumeTrue(Files.isRegularFile(folder.resolve("manifest.csv")), "development set not found at " + folder);
        Map<String, ChangeTransfer> transfers = new LinkedHashMap<>();
        transfers.put("upsample", (full, low, edited) -> {
            Mat out = new Mat();
            Imgproc.resize(edited, out, full.size(), 0, 0, Imgproc.INTER_LINEAR);
            return out;
        });
        transfers.put("local-affine", new LocalAffineColorTransfer());
        transfers.put("residual-detail", new ResidualDetailTransfer());
        transfers.put("adaptive", new AdaptiveTransfer());

        List<QuadResult> results = new ArrayList<>();
        for (DevsetQuad quad : Devset.open(folder).quads()) {
            Mat b = RgbImages.read(quad.b());
            Mat bEdit = RgbImages.read(quad.bEdit());
            Size low = new Size(LOW_SIDE, Math.round(LOW_SIDE * b.rows() / (double) b.cols()));
            Mat bLow = shrink(b, low);
            Mat bEditLow = shrink(bEdit, low);
            for (var t : transfers.entrySet()) {
                Mat out = t.getValue().transfer(b, bLow, bEditLow);
                results.add(new QuadResult(t.getKey(), quad, ImageMetrics.score(out, bEdit)));
                out.release();
            }
            for (Mat m : new Mat[] {b, bEdit, bLow, bEditLow}) {
                m.release();
            }
        }
        EvaluationReport report = new EvaluationReport(List.copyOf(transfers.keySet()), results);
        System.out.println("Change transfer from " + LOW_SIDE + " px to 256 px with the real B' as the edit:");
        System.out.println(report.toMarkdownTable());

        String all = EvaluationReport.ALL;
        double upsample = report.summary("upsample", all).psnr();
        double adaptive = report.summary("adaptive", all).psnr();
        assertTrue(adaptive > upsample + 3, "adaptive " + adaptive + " vs upsampling " + upsample);
        assertTrue(report.summary("adaptive", "color_grade").psnr() > 30);
    }

    private static Mat shrink(Mat src, Size size) {
        Mat out = new Mat();
        Imgproc.resize(src, out, size, 0, 0, Imgproc.INTER_AREA);
        return out;
    }
}
