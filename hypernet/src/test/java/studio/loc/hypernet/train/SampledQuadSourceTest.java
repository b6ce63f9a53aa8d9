package studio.loc.hypernet.train;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.opencv.core.Core;
import org.opencv.core.CvType;
import org.opencv.core.Mat;
import org.opencv.imgcodecs.Imgcodecs;
import studio.loc.diffusion.image.OpenCv;
import studio.loc.diffusion.progress.CancellationToken;
import studio.loc.diffusion.train.TrainingListener;
import studio.loc.diffusion.train.TrainingResult;
import studio.loc.hypernet.data.PhotoCorpus;
import studio.loc.hypernet.data.QuadSampler;
import studio.loc.hypernet.data.UserPairSampler;

@ExtendWith(SingleThreadedEngine.class)
class SampledQuadSourceTest {

    private static void writePhoto(Path file, long seed) {
        Mat photo = new Mat(40, 48, CvType.CV_8UC3);
        Core.setRNGSeed((int) seed);
        Core.randu(photo, 0, 255);
        Imgcodecs.imwrite(file.toString(), photo);
        photo.release();
    }

    /** The smallest corpus quads can be drawn from: two different photos. */
    private static Path twoPhotos(Path dir) throws Exception {
        OpenCv.ensureLoaded();
        Path photos = Files.createDirectories(dir.resolve("photos"));
        writePhoto(photos.resolve("one.png"), 1);
        writePhoto(photos.resolve("two.png"), 2);
        return photos;
    }

    @Test
    void batchesAreStepSeededQuadsThatTrainingRunsOn(@TempDir Path dir) throws Exception {
        Path photos = twoPhotos(dir);
        try (PhotoCorpus corpus = PhotoCorpus.load(photos, 40, 0.5); NDManager m = NDManager.newBaseManager()) {
            SampledQuadSource source = new SampledQuadSource(new QuadSampler(corpus, 16), 0.5, 9);
            QuadBatch batch = source.batch(4, 3, m);
            assertTrue(batch.hasQuery());
            assertEquals(new Shape(3, 3, 16, 16), batch.target().getShape());
            assertTrue(batch.before().min().getFloat() >= -1f && batch.before().max().getFloat() <= 1f);
            float[] again = source.batch(4, 3, m).after().toFloatArray();
            assertArrayEquals(batch.after().toFloatArray(), again, "the same step must give the same batch");
            assertFalse(Arrays.equals(again, source.batch(5, 3, m).after().toFloatArray()));

            TrainingConfig config = TrainingConfig.standard(1, 1, 2, 3).withIntervals(1, 1);
            try (TinySetup s = new TinySetup(m, 8)) {
                TrainingResult result = s.trainer(config, source, dir.resolve("run"))
                        .train(TrainingListener.NONE, CancellationToken.NEVER);
                assertEquals(2, result.steps());
                assertTrue(Double.isFinite(result.lastLoss()));
                List<String> log = Files.readAllLines(dir.resolve("run").resolve(TrainingLog.FILE_NAME));
                assertEquals(3, log.size());
            }
        }
    }

    /** A share of 1 trains on the user's pairs alone: here an inverted pair, so every sample has A + A' = 1. */
    @Test
    void aShareOfUserPairsComesFromTheirFolder(@TempDir Path dir) throws Exception {
        Path photos = twoPhotos(dir);
        Path pairs = Files.createDirectories(dir.resolve("pairs"));
        Mat before = new Mat(60, 80, CvType.CV_8UC3);
        Core.randu(before, 0, 255);
        Mat after = new Mat();
        Core.bitwise_not(before, after);
        Imgcodecs.imwrite(pairs.resolve("x_before.png").toString(), before);
        Imgcodecs.imwrite(pairs.resolve("x_after.png").toString(), after);
        try (PhotoCorpus corpus = PhotoCorpus.load(photos, 40, 0.5); NDManager m = NDManager.newBaseManager();
             UserPairSampler user = UserPairSampler.load(pairs, 16)) {
            SampledQuadSource synthetic = new SampledQuadSource(new QuadSampler(corpus, 16), 0.5, 9);
            QuadBatch batch = synthetic.withUserPairs(user, 1.0).batch(2, 3, m);
            // Tensors are in [−1, 1], so an inverted pair sums to 0.
            float[] sum = batch.before().add(batch.after()).abs().max().toFloatArray();
            assertTrue(sum[0] < 0.02f, "A + A' = 1 for every user-pair sample: " + sum[0]);
            float[] synthetic0 = synthetic.batch(2, 3, m).before().add(synthetic.batch(2, 3, m).after()).abs().max()
                    .toFloatArray();
            assertTrue(synthetic0[0] > 0.1f, "synthetic edits are not inversions: " + synthetic0[0]);
        }
        before.release();
        after.release();
    }
}
