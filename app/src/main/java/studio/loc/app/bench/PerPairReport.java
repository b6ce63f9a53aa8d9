package studio.loc.app.bench;

import java.time.Instant;
import java.util.List;
import studio.loc.app.bench.TimedChangePredictor.PairTiming;
import studio.loc.diffusion.sample.SamplingOptions;
import studio.loc.hypernet.eval.CategoryScores;
import studio.loc.hypernet.eval.Devset;
import studio.loc.hypernet.eval.EvaluationReport;
import studio.loc.hypernet.perpair.PerPairSettings;
import studio.loc.hypernet.perpair.RefinedHypernetLearner;

/**
 * The outcome of a {@link PerPairComparison}: quality per category and method, and per method what learning a
 * pair cost. Its Markdown puts the claim to test — the hypernetwork matches per-pair optimisation at ≥ 100× less
 * time — next to the numbers that decide it.
 *
 * @param refinement rate, samples and seed of the {@code loc-hypernet+N} refinements (their step count aside)
 * @param methods the learning methods in order, the hypernetwork first
 */
public record PerPairReport(String model, int rank, float alpha, SamplingOptions sampling, PerPairSettings perPair,
                            PerPairSettings refinement, Devset set, EvaluationReport scores, List<Method> methods) {

    /** One learning method's per-quad costs. */
    public record Method(String name, List<PairTiming> timings) {
        public Method {
            timings = List.copyOf(timings);
        }

        Timing learn() {
            return Timing.ofNanos(timings.stream().mapToLong(PairTiming::learnNanos).toArray());
        }

        Timing apply() {
            return Timing.ofNanos(timings.stream().mapToLong(PairTiming::applyNanos).toArray());
        }

        double meanPairLoss() {
            return timings.stream().mapToDouble(PairTiming::pairLoss).average().orElse(Double.NaN);
        }
    }

    public PerPairReport {
        methods = List.copyOf(methods);
        if (methods.isEmpty()) {
            throw new IllegalArgumentException("a comparison needs at least the hypernetwork");
        }
    }

    public String toMarkdown(MachineDescription machine, Instant date) {
        StringBuilder out = new StringBuilder("# LoC Studio: hypernetwork vs per-pair LoRA optimisation\n\n");
        out.append("Measured ").append(date).append(" by `loc-studio bench per-pair`.\n\n")
                .append("- Model: ").append(model).append("; LoRA rank ").append(rank).append(", alpha ")
                .append(alpha).append('\n')
                .append("- Development set: ").append(set.folder().toAbsolutePath()).append(" (")
                .append(set.quads().size()).append(" quads)\n")
                .append("- Applying (every method alike): ").append(sampling.steps()).append(" DDIM steps, start ")
                .append(sampling.startFraction()).append(", guidance ").append(sampling.guidance()).append(", seed ")
                .append(sampling.seed()).append("; the change as a per-sample LoRA at strength 1\n")
                .append("- Per-pair optimisation: a fresh LoRA (same slots, rank and alpha; down random, up zero), ")
                .append("Adam at a constant ").append(perPair.learningRate()).append(", ")
                .append(perPair.samplesPerStep()).append(" noise draw(s) per step, seed ").append(perPair.seed())
                .append(", loss: G with the LoRA turns A into A' (the model's own ")
                .append("prediction loss), G frozen\n");
        if (methods.stream().anyMatch(m -> m.name().startsWith(RefinedHypernetLearner.NAME_PREFIX))) {
            out.append("- `").append(RefinedHypernetLearner.NAME_PREFIX).append("N`: the hypernetwork's change ")
                    .append("refined by N steps of the same optimisation at ").append(refinement.learningRate())
                    .append(", started from that change instead of a fresh LoRA (its learning time includes the ")
                    .append("hypernetwork's)\n");
        }
        out.append('\n');
        out.append("## Machine\n\n").append(machine.toMarkdown()).append('\n');
        out.append("## Quality per category (PSNR dB, higher is better / SSIM, higher is better / CIEDE2000, "
                + "lower is better)\n\n").append(scores.toMarkdownTable()).append('\n');
        out.append("## Time per pair\n\n");
        Method hypernet = methods.getFirst();
        MarkdownTable time = new MarkdownTable("method", "learn ms/pair (median)", "min", "max",
                "apply ms/pair (median)", "pair loss (fixed draws, mean)", "learning time vs " + hypernet.name());
        for (Method method : methods) {
            Timing learn = method.learn();
            time.row(method.name(), Numbers.ms(learn.medianMs()), Numbers.ms(learn.minMs()),
                    Numbers.ms(learn.maxMs()), Numbers.ms(method.apply().medianMs()),
                    Numbers.fixed(method.meanPairLoss(), 4), Numbers.ratio(learn.ratioTo(hypernet.learn())));
        }
        out.append(time).append('\n');
        out.append("## The claim: the hypernetwork matches per-pair optimisation at ≥ 100× less time\n\n");
        MarkdownTable claim = new MarkdownTable("per-pair method", "ΔPSNR (hypernet − it), dB", "ΔSSIM",
                "ΔCIEDE2000", "its learning time / the hypernetwork's");
        CategoryScores ours = scores.summary(hypernet.name(), EvaluationReport.ALL);
        for (Method method : methods.subList(1, methods.size())) {
            CategoryScores theirs = scores.summary(method.name(), EvaluationReport.ALL);
            claim.row(method.name(), Numbers.fixed(ours.psnr() - theirs.psnr(), 2),
                    Numbers.fixed(ours.ssim() - theirs.ssim(), 3), Numbers.fixed(ours.deltaE00() - theirs.deltaE00(),
                            2), Numbers.ratio(method.learn().ratioTo(hypernet.learn())));
        }
        out.append(claim).append('\n')
                .append("Over all quads. Positive ΔPSNR and ΔSSIM and negative ΔCIEDE2000 favour the hypernetwork. "
                        + "Learning times are medians over the quads; applying costs every method the same.\n");
        return out.toString();
    }
}
