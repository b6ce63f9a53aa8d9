package studio.loc.app.bench;

import java.util.List;

/**
 * What the speed benchmark measures and how often. Messages name the command-line options, which is where the
 * values come from.
 *
 * @param warmup runs before measuring each thing (not timed)
 * @param repeats timed runs of each thing; medians, minima and maxima are over these
 * @param pipelineMegapixels photo sizes the full edit pipeline is timed on
 * @param photoMegapixels size of the example pair and of the batch's photos
 * @param batchImages photos in the generated batch folder (throughput and peak memory)
 * @param rssImages photos edited in all before resident memory is read again (the folder is run several times)
 * @param matmulSize side of the square matrices of the peak-FLOP/s measurement
 */
public record BenchSettings(int warmup, int repeats, List<Double> pipelineMegapixels, double photoMegapixels,
                            int batchImages, int rssImages, int matmulSize) {

    public static final int DEFAULT_WARMUP = 3;
    public static final int DEFAULT_REPEATS = 10;
    public static final List<Double> DEFAULT_MEGAPIXELS = List.of(0.25, 1.0, 4.0);
    public static final double DEFAULT_PHOTO_MEGAPIXELS = 1.0;
    public static final int DEFAULT_BATCH_IMAGES = 200;
    public static final int DEFAULT_RSS_IMAGES = 1000;
    /** Large enough that BLAS reaches its steady peak, small enough to take well under a second per product. */
    public static final int DEFAULT_MATMUL_SIZE = 2048;
    /** 100 MP is the most the batch accepts; a larger synthetic photo would be refused. */
    static final double MAX_MEGAPIXELS = 100;

    public BenchSettings {
        pipelineMegapixels = List.copyOf(pipelineMegapixels);
        if (warmup < 0) {
            throw new IllegalArgumentException("--warmup must be 0 or more, got " + warmup);
        }
        if (repeats < 1) {
            throw new IllegalArgumentException("--repeats must be at least 1, got " + repeats);
        }
        if (pipelineMegapixels.isEmpty()) {
            throw new IllegalArgumentException("--sizes needs at least one size in megapixels");
        }
        for (double megapixels : pipelineMegapixels) {
            requireMegapixels("--sizes", megapixels);
        }
        requireMegapixels("--photo-megapixels", photoMegapixels);
        if (batchImages < 1) {
            throw new IllegalArgumentException("--batch-images must be at least 1, got " + batchImages);
        }
        if (rssImages < 1) {
            throw new IllegalArgumentException("--rss-images must be at least 1, got " + rssImages);
        }
        if (matmulSize < 1) {
            throw new IllegalArgumentException("--matmul must be at least 1, got " + matmulSize);
        }
    }

    private static void requireMegapixels(String option, double megapixels) {
        if (!(megapixels > 0) || megapixels > MAX_MEGAPIXELS) {
            throw new IllegalArgumentException(option + " takes sizes in megapixels above 0 and at most "
                    + (int) MAX_MEGAPIXELS + ", got " + megapixels);
        }
    }

    /** Whole passes over the batch folder needed to edit at least {@link #rssImages} photos. */
    int batchPasses() {
        return Math.max(1, (rssImages + batchImages - 1) / batchImages);
    }
}
