package studio.loc.hypernet.train;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDArrays;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Random;
import studio.loc.diffusion.codec.LatentCodec;
import studio.loc.diffusion.lora.LoraSet;
import studio.loc.diffusion.lora.LoraSets;
import studio.loc.diffusion.lora.PerSampleLoraContext;
import studio.loc.diffusion.sample.NoiseSchedule;
import studio.loc.diffusion.sample.SeededNoise;
import studio.loc.diffusion.train.StepSeeds;
import studio.loc.diffusion.unet.Denoiser;
import studio.loc.hypernet.net.LocHypernetwork;

/**
 * The LoC training loss: diffusion losses of G (in the schedule's prediction, ε or v) under LoRAs that H emits.
 *
 * <ul>
 *   <li>forward: G with +H(A, A') turns A into A' (condition latent(A), x_0 = latent(A'));</li>
 *   <li>LoRA Reverse: G with −H(A, A') — the same down factors, up factors negated — turns A' back into A;</li>
 *   <li>quad/view: G with +H(A, A') turns B into B' (a second photo, or a flipped/cropped copy of the pair);</li>
 *   <li>identity (only while G learns): G with a zero LoRA reproduces its query, which keeps a fresh change a
 *       no-op and G's image prior intact.</li>
 * </ul>
 *
 * All terms run through G as one batch (their LoRAs concatenated along the batch), so a step costs one G call.
 */
public final class LocObjective {

    /** The step-seeded stream this objective draws from (the data source has its own). */
    static final int STREAM = 7;

    /** A term's role in the combined batch. */
    enum Term { FORWARD, REVERSE, QUAD, IDENTITY }

    /**
     * One step's loss.
     *
     * @param total weighted sum, differentiable
     * @param perTerm mean ε-loss of each term that ran (for logs)
     */
    public record Terms(NDArray total, Map<String, Double> perTerm) {
        public double term(String name) {
            return perTerm.getOrDefault(name, Double.NaN);
        }
    }

    /**
     * The random draws of one G call over {@code n} samples: timesteps, noise and which conditions are dropped.
     */
    record Draws(int[] timesteps, NDArray noise, float[] keep) {
        static Draws sample(Random random, int n, Shape latentShape, int timesteps, double dropout,
                            NDManager manager) {
            int[] t = new int[n];
            float[] keep = new float[n];
            for (int i = 0; i < n; i++) {
                t[i] = random.nextInt(timesteps);
                keep[i] = random.nextDouble() < dropout ? 0f : 1f;
            }
            long[] dims = latentShape.getShape();
            dims[0] = n;
            return new Draws(t, SeededNoise.normal(manager, new Shape(dims), random), keep);
        }
    }

    private final LocHypernetwork hypernet;
    private final Denoiser denoiser;
    private final LatentCodec codec;
    private final NoiseSchedule schedule;
    private final int imageSize;
    private final TrainingConfig config;

    /**
     * @param imageSize the side of the images G works on (before encoding); batches are resized to it
     */
    public LocObjective(LocHypernetwork hypernet, Denoiser denoiser, LatentCodec codec, NoiseSchedule schedule,
                        int imageSize, TrainingConfig config) {
        this.hypernet = Objects.requireNonNull(hypernet, "hypernet");
        this.denoiser = Objects.requireNonNull(denoiser, "denoiser");
        this.codec = Objects.requireNonNull(codec, "codec");
        this.schedule = Objects.requireNonNull(schedule, "schedule");
        this.imageSize = imageSize;
        this.config = Objects.requireNonNull(config, "config");
    }

    /**
     * The loss of global step {@code step} on {@code raw} (swaps, views and draws come from the step's seed).
     *
     * @param trainDenoiser whether G learns in this stage (adds the identity term)
     */
    public Terms loss(long step, QuadBatch raw, boolean trainDenoiser, NDManager manager) {
        Random random = StepSeeds.forStep(config.seed(), step, STREAM);
        QuadBatch batch = raw;
        if (config.swapPairs()) {
            boolean[] swap = new boolean[Math.toIntExact(batch.size())];
            for (int i = 0; i < swap.length; i++) {
                swap[i] = random.nextBoolean();
            }
            batch = PairAugmentation.swap(batch, swap, manager);
        }
        if (config.useQuad() && !batch.hasQuery() && config.augmentPairs()) {
            batch = PairAugmentation.withView(batch, random);
        }
        LoraSet lora = hypernet.forward(batch.before(), batch.after());
        List<Term> terms = terms(batch, trainDenoiser);
        int n = Math.toIntExact(terms.size() * batch.size());
        Shape latentShape = latent(batch.before()).getShape();
        Draws draws = Draws.sample(random, n, latentShape, schedule.timesteps(), config.conditionDropout(), manager);
        return compute(batch, lora, terms, draws, manager);
    }

    /** Which terms run for this batch, in batch order. */
    List<Term> terms(QuadBatch batch, boolean trainDenoiser) {
        TrainingConfig.LossWeights w = config.weights();
        List<Term> terms = new ArrayList<>();
        terms.add(Term.FORWARD);
        if (config.useReverse() && w.reverse() > 0) {
            terms.add(Term.REVERSE);
        }
        if (config.useQuad() && batch.hasQuery() && w.quad() > 0) {
            terms.add(Term.QUAD);
        }
        if (trainDenoiser && w.identity() > 0) {
            terms.add(Term.IDENTITY);
        }
        return terms;
    }

    /**
     * The weighted loss of {@code terms} for a prepared batch and LoRA with explicit draws (one per sample of the
     * combined batch, terms in the given order, each {@code batch.size()} samples long).
     */
    Terms compute(QuadBatch batch, LoraSet lora, List<Term> terms, Draws draws, NDManager manager) {
        NDArray latA = latent(batch.before());
        NDArray latA2 = latent(batch.after());
        NDArray latB = batch.hasQuery() ? latent(batch.query()) : null;
        NDArray latB2 = batch.hasQuery() ? latent(batch.target()) : null;
        LoraSet negated = LoraSets.negated(lora);
        NDList conditions = new NDList();
        NDList targets = new NDList();
        List<LoraSet> loras = new ArrayList<>();
        for (Term term : terms) {
            switch (term) {
                case FORWARD -> add(conditions, targets, loras, latA, latA2, lora);
                case REVERSE -> add(conditions, targets, loras, latA2, latA, negated);
                case QUAD -> add(conditions, targets, loras, latB, latB2, lora);
                case IDENTITY -> add(conditions, targets, loras, latB != null ? latB : latA,
                        latB != null ? latB : latA, zero(lora));
            }
        }
        NDArray x0 = NDArrays.concat(targets, 0);
        NDArray condition = NDArrays.concat(conditions, 0)
                .mul(manager.create(draws.keep(), perSample(draws.keep().length, x0.getShape())));
        NDArray perSampleLoss = schedule.trainingError(denoiser, x0, draws.noise(), draws.timesteps(), condition,
                        new PerSampleLoraContext(concat(loras), 1f))
                .reshape(draws.keep().length, -1).mean(new int[] {1});
        long b = batch.size();
        NDArray total = null;
        Map<String, Double> values = new LinkedHashMap<>();
        for (int i = 0; i < terms.size(); i++) {
            NDArray termLoss = perSampleLoss.get("{}:{}", i * b, (i + 1) * b).mean();
            values.put(name(terms.get(i)), (double) termLoss.getFloat());
            NDArray weighted = termLoss.mul((float) weight(terms.get(i)));
            total = total == null ? weighted : total.add(weighted);
        }
        return new Terms(total, values);
    }

    static String name(Term term) {
        return term.name().toLowerCase(java.util.Locale.ROOT);
    }

    private double weight(Term term) {
        TrainingConfig.LossWeights w = config.weights();
        return switch (term) {
            case FORWARD -> w.forward();
            case REVERSE -> w.reverse();
            case QUAD -> w.quad();
            case IDENTITY -> w.identity();
        };
    }

    /** Images at G's resolution, encoded. */
    NDArray latent(NDArray images) {
        return codec.encode(PairAugmentation.resize(images, imageSize, imageSize));
    }

    private static void add(NDList conditions, NDList targets, List<LoraSet> loras, NDArray condition,
                            NDArray target, LoraSet lora) {
        conditions.add(condition);
        targets.add(target);
        loras.add(lora);
    }

    private static LoraSet zero(LoraSet lora) {
        Map<String, LoraSet.Factors> zero = new LinkedHashMap<>();
        for (Map.Entry<String, LoraSet.Factors> e : lora.all().entrySet()) {
            zero.put(e.getKey(), new LoraSet.Factors(e.getValue().down(), e.getValue().up().zerosLike()));
        }
        return new LoraSet(lora.slots(), zero, lora.rank(), lora.alpha());
    }

    /** The per-term LoRAs as one batch, in term order. */
    private static LoraSet concat(List<LoraSet> sets) {
        LoraSet first = sets.getFirst();
        if (sets.size() == 1) {
            // NDArrays.concat of a single array returns a detached copy, which would cut H off the loss.
            return first;
        }
        Map<String, LoraSet.Factors> joined = new LinkedHashMap<>();
        for (String slot : first.all().keySet()) {
            NDList downs = new NDList();
            NDList ups = new NDList();
            for (LoraSet set : sets) {
                downs.add(set.get(slot).down());
                ups.add(set.get(slot).up());
            }
            joined.put(slot, new LoraSet.Factors(NDArrays.concat(downs, 0), NDArrays.concat(ups, 0)));
        }
        return new LoraSet(first.slots(), joined, first.rank(), first.alpha());
    }

    private static Shape perSample(int n, Shape like) {
        long[] dims = new long[like.dimension()];
        java.util.Arrays.fill(dims, 1);
        dims[0] = n;
        return new Shape(dims);
    }
}
