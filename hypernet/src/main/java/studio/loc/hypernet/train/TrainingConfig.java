package studio.loc.hypernet.train;

import java.util.List;
import java.util.Objects;

/**
 * How LoC training runs: a sequence of stages (e.g. G and H jointly, then H alone with G frozen), the batch, the
 * optimiser, which loss terms are on and how much they weigh, and the seed every random draw derives from.
 *
 * @param stages run in order; steps add up
 * @param batchSize pairs per step
 * @param warmupFraction share of each stage's steps spent warming the learning rate up
 * @param weightDecay AdamW decoupled decay on matrices and kernels
 * @param clipNorm global gradient-norm limit per network, ≤ 0 for none
 * @param weights loss-term weights
 * @param useReverse add the LoRA Reverse term: G with −H(A, A') turns A' back into A
 * @param useQuad add the quad/view term: G with H(A, A') turns B into B' (for pair-only data B, B' is a
 *                flipped/cropped copy of the pair when {@code augmentPairs} is on)
 * @param swapPairs swap A and A' (and B, B') at random per sample, so H cannot learn a direction from the look of A'
 * @param augmentPairs for pair-only batches, make (B, B') a random flip/crop of (A, A')
 * @param conditionDropout probability of replacing a sample's query latent by zeros (teaches the unconditional
 *                         estimate image guidance needs)
 * @param seed seeds every per-step draw (data, swaps, crops, timesteps, noise, dropout)
 * @param checkpointEvery checkpoint interval in steps
 * @param logEvery CSV and console interval in steps
 */
public record TrainingConfig(List<Stage> stages, int batchSize, double warmupFraction, double weightDecay,
                             double clipNorm, LossWeights weights, boolean useReverse, boolean useQuad,
                             boolean swapPairs, boolean augmentPairs, double conditionDropout, long seed,
                             long checkpointEvery, long logEvery) {

    /**
     * One stage.
     *
     * @param name shown in logs ("joint", "hypernet")
     * @param steps optimiser steps in this stage
     * @param trainDenoiser whether G learns too (false: G frozen, H alone)
     * @param learningRate peak rate of the stage
     */
    public record Stage(String name, long steps, boolean trainDenoiser, double learningRate) {
        public Stage {
            Objects.requireNonNull(name, "name");
            if (steps < 1 || !(learningRate > 0)) {
                throw new IllegalArgumentException("stage " + name + ": need steps ≥ 1 and a positive learning rate");
            }
        }
    }

    /** Weights of the loss terms; the identity term keeps "zero LoRA reproduces the query" true while G learns. */
    public record LossWeights(double forward, double reverse, double quad, double identity) {
        public LossWeights {
            if (forward < 0 || reverse < 0 || quad < 0 || identity < 0) {
                throw new IllegalArgumentException("loss weights must not be negative");
            }
        }

        public static LossWeights standard() {
            return new LossWeights(1, 1, 1, 0.1);
        }
    }

    public TrainingConfig {
        stages = List.copyOf(stages);
        Objects.requireNonNull(weights, "weights");
        if (stages.isEmpty()) {
            throw new IllegalArgumentException("training needs at least one stage");
        }
        if (batchSize < 1) {
            throw new IllegalArgumentException("batch size must be at least 1, got " + batchSize);
        }
        if (warmupFraction < 0 || warmupFraction >= 1 || weightDecay < 0) {
            throw new IllegalArgumentException("warm-up fraction must be in [0, 1) and weight decay ≥ 0");
        }
        if (conditionDropout < 0 || conditionDropout >= 1) {
            throw new IllegalArgumentException("condition dropout must be in [0, 1), got " + conditionDropout);
        }
        if (checkpointEvery < 1 || logEvery < 1) {
            throw new IllegalArgumentException("checkpoint and log intervals must be positive");
        }
    }

    /**
     * The recipe for the bundled model: G and H jointly, then H alone with G frozen, both terms of LoRA Reverse
     * plus the quad term, random swaps and pair augmentation, 10% condition dropout.
     */
    public static TrainingConfig standard(long jointSteps, long hypernetSteps, int batchSize, long seed) {
        return standard(List.of(new Stage("joint", jointSteps, true, 1e-4),
                new Stage("hypernet", hypernetSteps, false, 2e-4)), batchSize, seed);
    }

    /** The standard optimiser, terms and randomness over the given stages. */
    public static TrainingConfig standard(List<Stage> stages, int batchSize, long seed) {
        return new TrainingConfig(stages, batchSize, 0.05, 0.01, 1.0, LossWeights.standard(), true, true, true, true,
                0.1, seed, 500, 25);
    }

    public long totalSteps() {
        long total = 0;
        for (Stage stage : stages) {
            total += stage.steps();
        }
        return total;
    }

    /** The stage that global step {@code step} (0-based) belongs to. */
    public int stageIndex(long step) {
        long end = 0;
        for (int i = 0; i < stages.size(); i++) {
            end += stages.get(i).steps();
            if (step < end) {
                return i;
            }
        }
        return stages.size() - 1;
    }

    /** The first global step of stage {@code index}. */
    public long stageStart(int index) {
        long start = 0;
        for (int i = 0; i < index; i++) {
            start += stages.get(i).steps();
        }
        return start;
    }

    public TrainingConfig withStages(List<Stage> newStages) {
        return new TrainingConfig(newStages, batchSize, warmupFraction, weightDecay, clipNorm, weights, useReverse,
                useQuad, swapPairs, augmentPairs, conditionDropout, seed, checkpointEvery, logEvery);
    }

    public TrainingConfig withTerms(boolean reverse, boolean quad) {
        return new TrainingConfig(stages, batchSize, warmupFraction, weightDecay, clipNorm, weights, reverse, quad,
                swapPairs, augmentPairs, conditionDropout, seed, checkpointEvery, logEvery);
    }

    public TrainingConfig withRandomness(boolean swap, boolean augment, double dropout) {
        return new TrainingConfig(stages, batchSize, warmupFraction, weightDecay, clipNorm, weights, useReverse,
                useQuad, swap, augment, dropout, seed, checkpointEvery, logEvery);
    }

    public TrainingConfig withIntervals(long checkpointInterval, long logInterval) {
        return new TrainingConfig(stages, batchSize, warmupFraction, weightDecay, clipNorm, weights, useReverse,
                useQuad, swapPairs, augmentPairs, conditionDropout, seed, checkpointInterval, logInterval);
    }
}
