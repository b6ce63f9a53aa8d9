package studio.loc.hypernet.recipe;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDArrays;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import java.util.Random;
import studio.loc.diffusion.image.MatScope;
import studio.loc.diffusion.pipeline.PictureTensors;
import studio.loc.diffusion.train.BatchSource;
import studio.loc.hypernet.data.PhotoCorpus;

/**
 * Random crops of the photo corpus as image batches [B, 3, S, S] in [−1, 1], a pure function of (seed, step) so a
 * resumed run sees the batches a straight run would have seen.
 */
public final class CorpusImageBatches implements BatchSource {

    private final PhotoCorpus corpus;
    private final int batchSize;
    private final int size;
    private final long seed;

    public CorpusImageBatches(PhotoCorpus corpus, int batchSize, int size, long seed) {
        this.corpus = corpus;
        this.batchSize = batchSize;
        this.size = size;
        this.seed = seed;
    }

    @Override
    public NDArray batch(long step, NDManager manager) {
        Random rng = new Random(seed * 0x9E3779B97F4A7C15L + step);
        NDList images = new NDList(batchSize);
        for (int i = 0; i < batchSize; i++) {
            try (MatScope scope = new MatScope()) {
                images.add(PictureTensors.toTensor(scope.add(corpus.randomCrop(rng, size)), manager));
            }
        }
        return NDArrays.concat(images, 0);
    }
}
