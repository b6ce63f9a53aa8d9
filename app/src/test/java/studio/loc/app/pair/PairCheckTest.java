package studio.loc.app.pair;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import studio.loc.app.gui.TestImages;
import studio.loc.diffusion.image.ImageLimits;
import studio.loc.diffusion.image.OpenCv;
import studio.loc.diffusion.image.Picture;
import studio.loc.diffusion.image.PictureReader;

class PairCheckTest {

    private static final Path SAMPLES = Path.of("../samples/images");

    @TempDir
    Path dir;

    @BeforeAll
    static void openCv() {
        OpenCv.ensureLoaded();
    }

    @Test
    void aGradedCopyOfThePhotoLooksFineEvenWhenExportedSmaller() throws Exception {
        try (Picture before = scene("b.png", 640, 360, 0, 0); Picture after = scene("a.png", 320, 180, 0.9, 0)) {
            PairCheck.Result result = PairCheck.check(before, after);
            assertTrue(result.looksFine(), "likeness " + result.likeness());
            assertTrue(!result.sameSize());
        }
    }

    @Test
    void theBundledSamplePairLooksFine() throws Exception {
        try (Picture before = read(SAMPLES.resolve("before.jpg")); Picture after = read(SAMPLES.resolve("after.jpg"))) {
            PairCheck.Result result = PairCheck.check(before, after);
            assertTrue(result.looksFine(), "likeness " + result.likeness());
        }
    }

    @Test
    void aSquareBeforeWithAWideUnrelatedAfterIsBothShapeAndScene() throws Exception {
        try (Picture before = read(SAMPLES.resolve("query-2.jpg"));
             Picture square = resized(before, 256, 256);
             Picture after = scene("wide.png", 1024, 576, 0.9, 2)) {
            PairCheck.Result result = PairCheck.check(square, after);
            assertEquals(List.of(PairCheck.Problem.DIFFERENT_SHAPE, PairCheck.Problem.DIFFERENT_SCENE),
                    result.problems(), "likeness " + result.likeness());
            assertEquals(256, result.beforeWidth());
            assertEquals(576, result.afterHeight());
        }
    }

    @Test
    void twoDifferentPhotosOfOneShapeAreDifferentScenes() throws Exception {
        for (String query : List.of("query-1.jpg", "query-2.jpg", "query-3.jpg")) {
            try (Picture before = read(SAMPLES.resolve("before.jpg")); Picture other = read(SAMPLES.resolve(query));
                 Picture sameShape = resized(other, before.width(), before.height())) {
                PairCheck.Result result = PairCheck.check(before, sameShape);
                assertEquals(List.of(PairCheck.Problem.DIFFERENT_SCENE), result.problems(),
                        query + ": likeness " + result.likeness());
            }
        }
    }

    private Picture scene(String name, int width, int height, double warmth, int variant) throws Exception {
        return read(TestImages.writeScene(dir.resolve(name), width, height, warmth, variant));
    }

    private static Picture read(Path file) throws Exception {
        return PictureReader.read(file, ImageLimits.DEFAULT);
    }

    private static Picture resized(Picture picture, int width, int height) {
        org.opencv.core.Mat out = new org.opencv.core.Mat();
        org.opencv.imgproc.Imgproc.resize(picture.rgb(), out, new org.opencv.core.Size(width, height), 0, 0,
                org.opencv.imgproc.Imgproc.INTER_AREA);
        return Picture.of(out);
    }
}
