package studio.loc.hypernet.eval;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.opencv.core.Core;
import org.opencv.core.Mat;
import studio.loc.diffusion.image.OpenCv;
import studio.loc.hypernet.data.PhotoCorpus;
import studio.loc.hypernet.data.synthetic.EditCatalog;

class SyntheticDevsetWriterTest {

    @TempDir
    Path tmp;

    @Test
    void writesQuadsTheEvaluationReadsBackAndAGridOfThem() throws Exception {
        OpenCv.ensureLoaded();
        Path photos = Files.createDirectories(tmp.resolve("photos"));
        for (int i = 0; i < 3; i++) {
            RgbImages.write(photos.resolve("p" + i + ".png"), TestImages.random(120, 160, i));
        }
        Path out = tmp.resolve("synval");
        try (PhotoCorpus corpus = PhotoCorpus.load(photos)) {
            int written = new SyntheticDevsetWriter(corpus, 64).write(out,
                    List.of(EditCatalog.byName("sepia"), EditCatalog.byName("gaussian_blur")), 2, 7);
            assertEquals(4, written);
        }
        Devset set = Devset.open(out);
        assertEquals(List.of("sepia/0", "sepia/1", "gaussian_blur/0", "gaussian_blur/1"),
                set.quads().stream().map(DevsetQuad::id).toList());
        assertEquals("color_grade", set.quads().getFirst().category());
        DevsetQuad sepia = set.quads().getFirst();
        Mat a = RgbImages.read(sepia.a());
        Mat edited = RgbImages.read(sepia.aEdit());
        assertEquals(64, a.rows());
        Mat diff = new Mat();
        Core.absdiff(a, edited, diff);
        assertTrue(Core.sumElems(diff).val[0] > 1, "A' must differ from A");

        // One method predicted only the first quad: its other cells stay blank rather than failing the grid.
        Path predictions = tmp.resolve("predictions");
        RgbImages.write(predictions.resolve("copy/sepia/0/b_pred.png"), RgbImages.read(sepia.b()));
        Path grid = tmp.resolve("grid.png");
        PredictionGrid.write(set, predictions, List.of("copy"), 0, 32, grid);
        Mat picture = RgbImages.read(grid);
        assertEquals(2 * 32 + 4, picture.rows(), "a row per edit");
        assertEquals(5 * 32 + 4 * 4, picture.cols(), "A, A', B, B' and one method");
        double[] blank = picture.get(32 + 4 + 10, 4 * 36 + 10);
        assertEquals(1.0, blank[0], 1e-6, "the missing prediction is left white");
    }
}
