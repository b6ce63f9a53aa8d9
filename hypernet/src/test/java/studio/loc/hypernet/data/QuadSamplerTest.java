package studio.loc.hypernet.data;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.opencv.core.Core;
import org.opencv.core.CvType;
import org.opencv.core.Mat;
import org.opencv.core.Scalar;
import studio.loc.hypernet.data.synthetic.Edit;
import studio.loc.hypernet.data.synthetic.EditCatalog;
import studio.loc.hypernet.data.synthetic.EditCategory;
import studio.loc.hypernet.data.synthetic.EditFamily;
import studio.loc.hypernet.data.synthetic.TestImages;

class QuadSamplerTest {

    private static final int SIZE = 32;

    @TempDir
    Path dir;

    private PhotoCorpus corpus;

    @BeforeEach
    void writeTwoDistinctPhotos() throws IOException {
        // One reddish and one bluish photo, so a crop tells which photo it came from.
        writeTinted(dir.resolve("red.png"), new Scalar(0.9, 0.2, 0.2));
        writeTinted(dir.resolve("blue.png"), new Scalar(0.2, 0.2, 0.9));
        corpus = PhotoCorpus.load(dir, 48, 0.5);
    }

    @AfterEach
    void closeCorpus() {
        corpus.close();
    }

    private static void writeTinted(Path file, Scalar tint) throws IOException {
        Mat scene = TestImages.gradientWithShapes(60, 80);
        Core.addWeighted(scene, 0.3, new Mat(scene.size(), scene.type(), tint), 0.7, 0, scene);
        TestFiles.write(file, scene);
        scene.release();
    }

    @Test
    void quadsHaveFourImagesOfTheRequestedSize() {
        QuadSampler sampler = new QuadSampler(corpus, SIZE);
        Random rng = new Random(1);
        for (int i = 0; i < 20; i++) {
            try (Quad quad = sampler.sample(rng)) {
                for (Mat m : List.of(quad.a(), quad.aEdited(), quad.b(), quad.bEdited())) {
                    assertEquals(SIZE, m.rows());
                    assertEquals(SIZE, m.cols());
                    assertEquals(CvType.CV_32FC3, m.type());
                }
                assertEquals(quad.editDescription().substring(0, quad.editDescription().indexOf('(')),
                        familyOf(quad).name());
                assertEquals(familyOf(quad).category(), quad.category());
            }
        }
    }

    @Test
    void aAndBComeFromDifferentPhotos() {
        QuadSampler sampler = new QuadSampler(corpus, SIZE);
        Random rng = new Random(2);
        for (int i = 0; i < 10; i++) {
            try (Quad quad = sampler.sample(rng)) {
                assertTrue(isReddish(quad.a()) != isReddish(quad.b()), "A and B from the same photo");
            }
        }
    }

    @Test
    void theSameEditMakesAPrimeAndBPrime() {
        QuadSampler sampler = new QuadSampler(corpus, SIZE);
        for (int seed = 0; seed < 40; seed++) {
            // Replays the sampler's draws: family, then its parameters, from the same generator.
            Random replay = new Random(seed);
            EditFamily family = EditCatalog.all().get(replay.nextInt(EditCatalog.all().size()));
            Edit edit = family.sample(replay);
            try (Quad quad = sampler.sample(new Random(seed))) {
                assertEquals(edit.describe(), quad.editDescription());
                assertSameImage(edit.apply(quad.a()), quad.aEdited(), edit.describe() + " on A");
                assertSameImage(edit.apply(quad.b()), quad.bEdited(), edit.describe() + " on B");
            }
        }
    }

    @Test
    void aGivenEditIsAppliedToBothAndDifferentEditsGiveDifferentTargets() {
        QuadSampler sampler = new QuadSampler(corpus, SIZE);
        Edit blur = EditCatalog.byName("gaussian_blur").sample(new Random(4));
        try (Quad quad = sampler.sampleWith(new Random(9), blur, EditCategory.BLUR_SHARPEN);
                Quad other = sampler.sampleWith(new Random(9), EditCatalog.byName("invert").sample(new Random(4)),
                        EditCategory.STYLIZE)) {
            assertSameImage(blur.apply(quad.a()), quad.aEdited(), "A'");
            assertSameImage(blur.apply(quad.b()), quad.bEdited(), "B'");
            assertEquals(0, Core.norm(quad.a(), other.a(), Core.NORM_INF), "same seed, same crops");
            assertTrue(Core.norm(quad.bEdited(), other.bEdited(), Core.NORM_INF) > 0.1);
        }
    }

    @Test
    void samplingIsReproducibleBySeed() {
        QuadSampler sampler = new QuadSampler(corpus, SIZE);
        try (Quad first = sampler.sample(new Random(5)); Quad second = sampler.sample(new Random(5))) {
            assertEquals(first.editDescription(), second.editDescription());
            assertEquals(0, Core.norm(first.bEdited(), second.bEdited(), Core.NORM_INF));
        }
    }

    @Test
    void pairsOnlyQuadsAreTwoViewsOfOneEditedPhoto() {
        // Inverting channels commutes with cropping and resizing, so A' must equal invert(A) exactly.
        EditFamily invert = EditCatalog.byName("invert");
        QuadSampler sampler = new QuadSampler(corpus, SIZE, List.of(invert));
        int differentViews = 0;
        for (int seed = 0; seed < 10; seed++) {
            Random replay = new Random(seed);
            replay.nextInt(1);
            Edit edit = invert.sample(replay);
            try (Quad quad = sampler.samplePairOnly(new Random(seed))) {
                assertEquals(edit.describe(), quad.editDescription());
                assertEquals(EditCategory.STYLIZE, quad.category());
                assertEquals(SIZE, quad.size());
                assertSameImage(edit.apply(quad.a()), quad.aEdited(), "A' = e(A)");
                assertSameImage(edit.apply(quad.b()), quad.bEdited(), "B' = e(B)");
                assertEquals(isReddish(quad.a()), isReddish(quad.b()), "both views from one photo");
                if (Core.norm(quad.a(), quad.b(), Core.NORM_INF) > 0.05) {
                    differentViews++;
                }
            }
        }
        assertTrue(differentViews >= 8, "views should differ (crop/flip), got " + differentViews + " of 10");
    }

    @Test
    void twoViewsOfAUserPairKeepBeforeAndAfterAligned() {
        Mat before = TestImages.gradientWithShapes(50, 70);
        Mat after = new Mat();
        Core.subtract(new Mat(before.size(), before.type(), Scalar.all(1)), before, after); // a known "edit"
        try (Quad quad = QuadSampler.twoViews(before, after, new Random(3), 24, "user pair", null)) {
            assertNull(quad.category());
            Mat expected = new Mat();
            Core.subtract(new Mat(quad.b().size(), quad.b().type(), Scalar.all(1)), quad.b(), expected);
            assertSameImage(expected, quad.bEdited(), "B' is the same view of after as B is of before");
        }
        Mat smaller = TestImages.gradientWithShapes(40, 70);
        assertThrows(IllegalArgumentException.class,
                () -> QuadSampler.twoViews(before, smaller, new Random(3), 24, "bad", null));
        before.release();
        after.release();
        smaller.release();
    }

    @Test
    void aCategoryBalancedSamplerDrawsEveryCategoryAlike() {
        QuadSampler sampler = QuadSampler.categoryBalanced(corpus, 16);
        java.util.Map<EditCategory, Integer> counts = new java.util.EnumMap<>(EditCategory.class);
        Random rng = new Random(6);
        for (int i = 0; i < 240; i++) {
            try (Quad quad = sampler.sample(rng)) {
                counts.merge(quad.category(), 1, Integer::sum);
            }
        }
        for (EditCategory category : EditCategory.values()) {
            assertTrue(counts.getOrDefault(category, 0) >= 20, "too few " + category + ": " + counts);
        }
    }

    @Test
    void samplesFromSeveralThreadsAtOnceMatchSequentialOnes() throws Exception {
        // Data loading may run on worker threads that share one corpus, each with its own Random.
        QuadSampler sampler = new QuadSampler(corpus, 24);
        int count = 24;
        double[] sequential = new double[count];
        for (int seed = 0; seed < count; seed++) {
            try (Quad quad = sampler.sample(new Random(seed))) {
                sequential[seed] = Core.sumElems(quad.bEdited()).val[1] + Core.sumElems(quad.a()).val[0];
            }
        }
        var pool = java.util.concurrent.Executors.newFixedThreadPool(4);
        try {
            List<java.util.concurrent.Future<Double>> results = new java.util.ArrayList<>();
            for (int seed = 0; seed < count; seed++) {
                int s = seed;
                results.add(pool.submit(() -> {
                    try (Quad quad = sampler.sample(new Random(s))) {
                        return Core.sumElems(quad.bEdited()).val[1] + Core.sumElems(quad.a()).val[0];
                    }
                }));
            }
            for (int seed = 0; seed < count; seed++) {
                assertEquals(sequential[seed], results.get(seed).get(), 1e-9, "seed " + seed);
            }
        } finally {
            pool.shutdown();
        }
    }

    @Test
    void refusesACorpusOfOnePhotoForQuads() throws IOException {
        Path single = dir.resolve("single");
        TestFiles.writeScene(single.resolve("only.png"), 40, 40);
        try (PhotoCorpus one = PhotoCorpus.load(single, 48, 0.5)) {
            QuadSampler sampler = new QuadSampler(one, 16);
            assertThrows(IllegalStateException.class, () -> sampler.sample(new Random(1)));
            sampler.samplePairOnly(new Random(1)).close(); // pairs need only one photo
        }
    }

    private static EditFamily familyOf(Quad quad) {
        String description = quad.editDescription();
        return EditCatalog.byName(description.substring(0, description.indexOf('(')));
    }

    private static boolean isReddish(Mat rgb) {
        Scalar mean = Core.mean(rgb);
        return mean.val[0] > mean.val[2];
    }

    private static void assertSameImage(Mat expected, Mat actual, String what) {
        double difference = Core.norm(expected, actual, Core.NORM_INF);
        expected.release();
        assertTrue(difference < 1e-4, what + " differs by " + difference);
    }
}
