package studio.loc.hypernet.data;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.opencv.core.Core;
import org.opencv.core.CvType;
import org.opencv.core.Mat;

class PhotoCorpusTest {

    @TempDir
    Path dir;

    @BeforeEach
    void writePhotos() throws IOException {
        TestFiles.writeScene(dir.resolve("a_scene.png"), 120, 90);
        TestFiles.writeChecker(dir.resolve("b_checker.jpg"), 80, 100, 1);
        TestFiles.writeScene(dir.resolve("c_small.PNG"), 40, 30);
        TestFiles.writeGarbage(dir.resolve("d_broken.jpg"));
        Files.writeString(dir.resolve("credits.csv"), "file,licence\n");
        Files.writeString(dir.resolve("README.md"), "# photos\n");
    }

    @Test
    void loadsImagesSkipsBrokenOnesAndIgnoresOtherFiles() throws IOException {
        try (PhotoCorpus corpus = PhotoCorpus.load(dir, 48, 0.5)) {
            assertEquals(List.of("a_scene.png", "b_checker.jpg", "c_small.PNG"),
                    corpus.files().stream().map(p -> p.getFileName().toString()).toList());
            assertEquals(1, corpus.skipped().size());
            assertTrue(corpus.skipped().get(0).contains("d_broken.jpg"), corpus.skipped().get(0));
        }
    }

    @Test
    void cachesCopiesDownscaledToTheShortSideButNeverEnlarged() throws IOException {
        try (PhotoCorpus corpus = PhotoCorpus.load(dir, 48, 0.5)) {
            assertEquals(48, Math.min(corpus.width(0), corpus.height(0)));
            assertEquals(64, corpus.width(0), "aspect ratio kept: 120x90 -> 64x48");
            assertEquals(48, corpus.width(1));
            assertEquals(40, corpus.width(2), "a 40x30 photo stays 40x30");
            assertEquals(30, corpus.height(2));
        }
    }

    @Test
    void cropsHaveTheRequestedSizeTypeAndRange() throws IOException {
        try (PhotoCorpus corpus = PhotoCorpus.load(dir, 48, 0.5)) {
            Random rng = new Random(3);
            for (int size : new int[] {16, 32, 64}) {
                for (int i = 0; i < 10; i++) {
                    Mat crop = corpus.randomCrop(rng, size);
                    assertEquals(size, crop.rows());
                    assertEquals(size, crop.cols());
                    assertEquals(CvType.CV_32FC3, crop.type());
                    Core.MinMaxLocResult range = Core.minMaxLoc(crop.reshape(1));
                    assertTrue(range.minVal >= 0 && range.maxVal <= 1);
                    crop.release();
                }
            }
        }
    }

    @Test
    void cropsAreReproducibleBySeedAndVaryBetweenSeeds() throws IOException {
        try (PhotoCorpus corpus = PhotoCorpus.load(dir, 48, 0.5)) {
            Mat first = corpus.randomCrop(0, new Random(1), 24);
            Mat again = corpus.randomCrop(0, new Random(1), 24);
            assertEquals(0, Core.norm(first, again, Core.NORM_INF));
            int different = 0;
            for (int seed = 2; seed < 12; seed++) {
                Mat other = corpus.randomCrop(0, new Random(seed), 24);
                if (Core.norm(first, other, Core.NORM_INF) > 0.05) {
                    different++;
                }
                other.release();
            }
            assertTrue(different >= 8, "only " + different + " of 10 seeds gave a different crop");
            Img.release(first, again);
        }
    }

    @Test
    void aFlippedCropIsTheMirrorOfTheUnflippedOne() throws IOException {
        try (PhotoCorpus corpus = PhotoCorpus.load(dir, 48, 0.5)) {
            Mat plain = corpus.crop(0, new CropAugmentation(5, 0, 40, false), 40);
            Mat flipped = corpus.crop(0, new CropAugmentation(5, 0, 40, true), 40);
            Core.flip(flipped, flipped, 1);
            assertEquals(0, Core.norm(plain, flipped, Core.NORM_INF), 1e-6);
            assertNotEquals(0, Core.norm(plain, corpus.crop(0, new CropAugmentation(6, 0, 40, false), 40),
                    Core.NORM_INF));
            Img.release(plain, flipped);
        }
    }

    @Test
    void refusesAFolderWithoutReadablePhotos() throws IOException {
        Path empty = Files.createDirectory(dir.resolve("empty"));
        IOException error = assertThrows(IOException.class, () -> PhotoCorpus.load(empty));
        assertTrue(error.getMessage().contains("No readable photos"), error.getMessage());
        assertThrows(IOException.class, () -> PhotoCorpus.load(dir.resolve("missing")));
    }

    /** Releases Mats in tests. */
    static final class Img {
        static void release(Mat... mats) {
            for (Mat m : mats) {
                m.release();
            }
        }
    }
}
