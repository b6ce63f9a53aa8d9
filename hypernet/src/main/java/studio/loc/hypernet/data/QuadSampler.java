package studio.loc.hypernet.data;

import java.util.List;
import java.util.Objects;
import java.util.Random;
import java.util.function.Function;
import org.opencv.core.Mat;
import studio.loc.diffusion.image.MatScope;
import studio.loc.hypernet.data.synthetic.Edit;
import studio.loc.hypernet.data.synthetic.EditCatalog;
import studio.loc.hypernet.data.synthetic.EditCategory;
import studio.loc.hypernet.data.synthetic.EditFamily;

/**
 * Draws training quads from a photo corpus and the synthetic edit families.
 *
 * <ul>
 *   <li>{@link #sample}: A and B are crops of two different photos, and one random edit makes A' and B' — the
 *       quad loss G(H(A, A'), B) → B'.</li>
 *   <li>{@link #samplePairOnly}: only one photo; B and B' are another crop/flip of the same edited pair, the way
 *       LoRA Reverse training uses a pair (DESIGN.md), so that H cannot just memorise how A' looks.</li>
 *   <li>{@link #twoViews}: the same for a pair that is given (a user's before/after from {@link PairFolder}).</li>
 * </ul>
 * Every random choice comes from the {@link Random} passed in, so a seed reproduces a sample exactly. Several
 * threads may sample from one sampler (and corpus) at once, each with its own {@link Random}: the cached photos are
 * only read.
 */
public final class QuadSampler {

    /** In pairs-only mode the edit is made on a region this much larger than the output, then cropped twice. */
    static final double PAIR_REGION_SCALE = 1.5;
    /** The two views of a pair cover between this fraction and all of the edited region. */
    private static final double VIEW_MIN_FRACTION = 0.6;

    private final PhotoCorpus corpus;
    private final int size;
    private final Function<Random, EditFamily> familyPicker;

    /** Samples quads of {@code size} x {@code size} with every family of {@link EditCatalog}, uniformly. */
    public QuadSampler(PhotoCorpus corpus, int size) {
        this(corpus, size, EditCatalog.all());
    }

    /** Samples with the given families only (uniformly), e.g. one category for an ablation. */
    public QuadSampler(PhotoCorpus corpus, int size, List<EditFamily> families) {
        this(corpus, size, uniformOver(families));
    }

    private QuadSampler(PhotoCorpus corpus, int size, Function<Random, EditFamily> familyPicker) {
        this.corpus = Objects.requireNonNull(corpus, "corpus");
        if (size < 8) {
            throw new IllegalArgumentException("quad size must be at least 8 pixels, got " + size);
        }
        this.size = size;
        this.familyPicker = familyPicker;
    }

    /** Samples a category uniformly, then a family in it ({@link EditCatalog#pickCategoryBalanced}). */
    public static QuadSampler categoryBalanced(PhotoCorpus corpus, int size) {
        return new QuadSampler(corpus, size, EditCatalog::pickCategoryBalanced);
    }

    private static Function<Random, EditFamily> uniformOver(List<EditFamily> families) {
        if (families.isEmpty()) {
            throw new IllegalArgumentException("no edit families to sample from");
        }
        List<EditFamily> copy = List.copyOf(families);
        return rng -> copy.get(rng.nextInt(copy.size()));
    }

    public int size() {
        return size;
    }

    /** A quad from two different photos and one random edit; needs a corpus of at least two photos. */
    public Quad sample(Random rng) {
        EditFamily family = familyPicker.apply(rng);
        return sampleWith(rng, family.sample(rng), family.category());
    }

    /** As {@link #sample}, with a given edit; {@code category} may be null if unknown. */
    public Quad sampleWith(Random rng, Edit edit, EditCategory category) {
        if (corpus.size() < 2) {
            throw new IllegalStateException("quads need two different photos; the corpus has " + corpus.size());
        }
        int first = rng.nextInt(corpus.size());
        int second = rng.nextInt(corpus.size() - 1);
        if (second >= first) {
            second++;
        }
        try (MatScope scope = new MatScope()) {
            Mat a = scope.add(corpus.randomCrop(first, rng, size));
            Mat b = scope.add(corpus.randomCrop(second, rng, size));
            Mat aEdited = scope.add(edit.apply(a));
            return quad(scope, a, aEdited, b, scope.add(edit.apply(b)), edit.describe(), category);
        }
    }

    /**
     * A quad made of one photo: a region of it is edited, and two independent crop/flip views of the (region,
     * edited region) pair become (A, A') and (B, B').
     */
    public Quad samplePairOnly(Random rng) {
        EditFamily family = familyPicker.apply(rng);
        Edit edit = family.sample(rng);
        int index = rng.nextInt(corpus.size());
        // Larger than the output so the two views differ, but not beyond the cached photo (no needless upscaling).
        int shorter = Math.min(corpus.width(index), corpus.height(index));
        int regionSize = Math.max(size, Math.min((int) Math.round(size * PAIR_REGION_SCALE), shorter));
        try (MatScope scope = new MatScope()) {
            Mat region = scope.add(corpus.randomCrop(index, rng, regionSize));
            Mat edited = scope.add(edit.apply(region));
            return twoViews(region, edited, rng, size, edit.describe(), family.category());
        }
    }

    /**
     * Two crop/flip views of one aligned pair: (A, A') is one view of (before, after), (B, B') another. The pair
     * is not modified. {@code before} and {@code after} must have the same size (8-bit or float RGB).
     *
     * @param category the edit's category, or null if unknown
     */
    public static Quad twoViews(Mat before, Mat after, Random rng, int size, String description,
            EditCategory category) {
        if (before.rows() != after.rows() || before.cols() != after.cols()) {
            throw new IllegalArgumentException("before is " + before.cols() + "x" + before.rows() + " but after is "
                    + after.cols() + "x" + after.rows());
        }
        CropAugmentation first = CropAugmentation.random(rng, before.cols(), before.rows(), VIEW_MIN_FRACTION);
        CropAugmentation second = CropAugmentation.random(rng, before.cols(), before.rows(), VIEW_MIN_FRACTION);
        try (MatScope scope = new MatScope()) {
            return quad(scope, scope.add(first.apply(before, size)), scope.add(first.apply(after, size)),
                    scope.add(second.apply(before, size)), scope.add(second.apply(after, size)), description,
                    category);
        }
    }

    /** A quad that takes the four Mats out of {@code scope}, once it holds them. */
    private static Quad quad(MatScope scope, Mat a, Mat aEdited, Mat b, Mat bEdited, String description,
            EditCategory category) {
        Quad quad = new Quad(a, aEdited, b, bEdited, description, category);
        for (Mat mat : new Mat[] {a, aEdited, b, bEdited}) {
            scope.keep(mat);
        }
        return quad;
    }
}
