package studio.loc.hypernet.train;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDArrays;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import java.util.Objects;
import java.util.Random;
import studio.loc.diffusion.pipeline.PictureTensors;
import studio.loc.diffusion.train.StepSeeds;
import studio.loc.hypernet.data.Quad;
import studio.loc.hypernet.data.QuadSampler;
import studio.loc.hypernet.data.UserPairSampler;

/**
 * Training batches from the synthetic {@link QuadSampler}: a share of true quads (two photos, one edit) and a share
 * of pair-only quads (B, B' a second crop/flip view of the edited pair), each sample drawn from a generator seeded
 * by the step, so a resumed run sees the same batches. Optionally a share of the samples comes from a user's own
 * before/after pairs ({@link UserPairSampler}).
 */
public final class SampledQuadSource implements QuadSource {

    /** The step-seeded stream data is drawn from (the objective uses another). */
    static final int STREAM = 3;

    private final QuadSampler sampler;
    private final double pairOnlyFraction;
    private final long seed;
    private final UserPairSampler userPairs;
    private final double userPairShare;

    /**
     * @param pairOnlyFraction share of samples built from one photo only (what training on user pairs looks like)
     */
    public SampledQuadSource(QuadSampler sampler, double pairOnlyFraction, long seed) {
        this.sampler = Objects.requireNonNull(sampler, "sampler");
        if (pairOnlyFraction < 0 || pairOnlyFraction > 1) {
            throw new IllegalArgumentException("pair-only fraction must be in [0, 1], got " + pairOnlyFraction);
        }
        this.pairOnlyFraction = pairOnlyFraction;
        this.seed = seed;
        this.userPairs = null;
        this.userPairShare = 0;
    }

    private SampledQuadSource(SampledQuadSource synthetic, UserPairSampler userPairs, double userPairShare) {
        this.sampler = synthetic.sampler;
        this.pairOnlyFraction = synthetic.pairOnlyFraction;
        this.seed = synthetic.seed;
        this.userPairs = userPairs;
        this.userPairShare = userPairShare;
    }

    /**
     * The same source with a share of its samples drawn from {@code pairs} (which the caller keeps and closes).
     *
     * @param share in (0, 1]: 1 trains on the user's pairs alone
     */
    public SampledQuadSource withUserPairs(UserPairSampler pairs, double share) {
        Objects.requireNonNull(pairs, "pairs");
        return new SampledQuadSource(this, pairs, requireUserPairShare(share));
    }

    /** Returns {@code share} if it is in (0, 1], else throws IllegalArgumentException. */
    public static double requireUserPairShare(double share) {
        if (!(share > 0 && share <= 1)) {
            throw new IllegalArgumentException("the share of user pairs must be in (0, 1], got " + share);
        }
        return share;
    }

    @Override
    public QuadBatch batch(long step, int batchSize, NDManager manager) {
        Random random = StepSeeds.forStep(seed, step, STREAM);
        NDList before = new NDList();
        NDList after = new NDList();
        NDList query = new NDList();
        NDList target = new NDList();
        for (int i = 0; i < batchSize; i++) {
            try (Quad quad = sample(random)) {
                before.add(PictureTensors.toTensor(quad.a(), manager));
                after.add(PictureTensors.toTensor(quad.aEdited(), manager));
                query.add(PictureTensors.toTensor(quad.b(), manager));
                target.add(PictureTensors.toTensor(quad.bEdited(), manager));
            }
        }
        return new QuadBatch(cat(before), cat(after), cat(query), cat(target));
    }

    private Quad sample(Random random) {
        // No extra draw without user pairs: runs made before they existed keep their exact batches.
        if (userPairs != null && random.nextDouble() < userPairShare) {
            return userPairs.sample(random);
        }
        return random.nextDouble() < pairOnlyFraction ? sampler.samplePairOnly(random) : sampler.sample(random);
    }

    private static NDArray cat(NDList images) {
        return images.size() == 1 ? images.getFirst() : NDArrays.concat(images, 0);
    }
}
