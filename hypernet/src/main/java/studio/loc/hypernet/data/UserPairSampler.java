package studio.loc.hypernet.data;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import studio.loc.diffusion.image.ImageFormatException;

/**
 * Training samples from a user's own before/after pairs ({@link PairFolder}): each sample is two crop/flip views
 * of one pair, (A, A') and (B, B'), as {@link QuadSampler#samplePairOnly} makes them from synthetic edits. The
 * pairs are decoded once and kept, shrunk so their shorter side is at most 1.5 × the training size (the region
 * size {@code samplePairOnly} edits), so a step costs two crops and no decoding.
 */
public final class UserPairSampler implements AutoCloseable {

    /** A decoded pair and the name it is logged under. */
    private record NamedPair(String name, PairFolder.PairImages images) {
    }

    private final List<NamedPair> pairs;
    private final List<PairFolder.Problem> skipped;
    private final int size;

    private UserPairSampler(List<NamedPair> pairs, List<PairFolder.Problem> skipped, int size) {
        this.pairs = pairs;
        this.skipped = List.copyOf(skipped);
        this.size = size;
    }

    /**
     * Scans and decodes the pairs in {@code folder}; what cannot be used is skipped and listed in
     * {@link #skipped()}.
     *
     * @param size side of the square samples
     * @throws IOException if the folder cannot be listed, or holds no usable pair (the reasons are in the message)
     */
    public static UserPairSampler load(Path folder, int size) throws IOException {
        PairFolder.Scan scan = PairFolder.scan(folder);
        List<PairFolder.Problem> skipped = new ArrayList<>(scan.problems());
        List<NamedPair> pairs = new ArrayList<>();
        int shortSide = (int) Math.round(size * QuadSampler.PAIR_REGION_SCALE);
        for (PairFolder.ImagePair pair : scan.pairs()) {
            try {
                pairs.add(new NamedPair(pair.name(), PairFolder.read(pair, shortSide)));
            } catch (ImageFormatException e) {
                skipped.add(new PairFolder.Problem(pair.before(), e.getMessage()));
            }
        }
        if (pairs.isEmpty()) {
            StringBuilder message = new StringBuilder("The pair folder " + folder + " holds no usable before/after "
                    + "pair (before/NAME.jpg with after/NAME.jpg, or NAME_before.jpg with NAME_after.jpg)");
            for (PairFolder.Problem problem : skipped) {
                message.append(System.lineSeparator()).append("  skipped ").append(problem);
            }
            throw new IOException(message.toString());
        }
        return new UserPairSampler(pairs, skipped, size);
    }

    /** Two views of a pair chosen by {@code rng}; the caller closes the quad. */
    public Quad sample(Random rng) {
        NamedPair pair = pairs.get(rng.nextInt(pairs.size()));
        return QuadSampler.twoViews(pair.images().before(), pair.images().after(), rng, size, "pair " + pair.name(),
                null);
    }

    /** How many pairs are used. */
    public int size() {
        return pairs.size();
    }

    /** What was skipped, and why. */
    public List<PairFolder.Problem> skipped() {
        return skipped;
    }

    @Override
    public void close() {
        pairs.forEach(pair -> pair.images().close());
    }
}
