package studio.loc.app.bench;

import java.time.Instant;
import studio.loc.diffusion.model.SamplerDefaults;

/** The speed benchmark's results as the Markdown report {@code loc-studio bench speed} prints (see docs/benchmarks.md). */
public final class SpeedReport {

    private SpeedReport() {
    }

    public static String toMarkdown(MachineDescription machine, BenchSettings settings, ModelSpeedResults model,
                                    BatchResults batch, Instant date) {
        StringBuilder out = new StringBuilder("# LoC Studio benchmark\n\n");
        out.append("Measured ").append(date).append(" by `loc-studio bench speed`. Times are medians of ")
                .append(settings.repeats()).append(" runs after ").append(settings.warmup())
                .append(" warm-up runs, in milliseconds; min and max show the spread.\n\n");
        out.append("## Machine\n\n").append(machine.toMarkdown()).append('\n');
        model(out, model);
        learning(out, model);
        applying(out, model);
        loraModes(out, model);
        batch(out, batch);
        flops(out, model);
        return out.toString();
    }

    private static void model(StringBuilder out, ModelSpeedResults m) {
        SamplerDefaults s = m.sampler();
        out.append("## Model\n\n")
                .append("- ").append(m.model()).append('\n')
                .append("- images ").append(m.imageSize()).append(" px, latents ").append(m.latentSide()).append('×')
                .append(m.latentSide()).append("; UNet ").append(m.unet()).append(", ")
                .append(String.format(java.util.Locale.ROOT, "%,d", m.unetParameters())).append(" parameters, ")
                .append(m.slots()).append(" LoRA slots\n")
                .append("- sampler defaults: ").append(s.steps()).append(" DDIM steps from start fraction ")
                .append(s.startFraction()).append(" (").append(m.evaluationsPerEdit())
                .append(" UNet evaluations per edit), ")
                .append("image guidance ").append(s.guidance())
                .append(s.guidance() == 1 ? " (batch 1 per evaluation)" : " (batch 2 per evaluation)")
                .append(", ").append(s.prediction().configName()).append("-prediction\n\n");
    }

    private static void learning(StringBuilder out, ModelSpeedResults m) {
        out.append("## 1. Learning a change\n\n");
        MarkdownTable table = timingTable("what");
        timingRow(table, "learn a change from a " + m.photoWidth() + "×" + m.photoHeight()
                + " graded pair (as the app does: shrink, hypernetwork, factors, thumbnails, and beside them the "
                + "fitted filter and colour table)", m.learn());
        timingRow(table, "hypernetwork forward alone (" + m.hypernetSize() + "-px inputs)", m.hypernetForward());
        out.append(table).append('\n');
        out.append("Learning is timed after " + ModelSpeedBenchmark.LEARN_WARMUP
                + " warm-up runs: the fit of the filter and colour table is Java, which the JIT compiles only after "
                + "some runs. The process's first learn took " + Numbers.ms(m.firstLearnMs()) + " ms.\n\n");
    }

    private static void applying(StringBuilder out, ModelSpeedResults m) {
        out.append("## 2. Applying a change\n\n### One UNet step (latent ").append(m.latentSide()).append('×')
                .append(m.latentSide()).append(")\n\n");
        MarkdownTable steps = timingTable("what");
        timingRow(steps, "batch 1 (no guidance)", m.steps().noLora());
        timingRow(steps, "batch 2 (conditional + unconditional: image guidance)", m.steps().guidancePair());
        out.append(steps).append('\n');
        out.append("### The whole edit pipeline (change merged, the model's sampler defaults, full-resolution "
                + "output)\n\n");
        MarkdownTable pipeline = new MarkdownTable("photo", "pixels", "median ms", "min ms", "max ms",
                "with the slowest fitted part, median ms", "runs");
        for (ModelSpeedResults.PipelineTiming p : m.pipeline()) {
            Timing t = p.timing();
            pipeline.row(Numbers.megapixels(p.megapixels()) + " MP", p.width() + "×" + p.height(),
                    Numbers.ms(t.medianMs()), Numbers.ms(t.minMs()), Numbers.ms(t.maxMs()),
                    Numbers.ms(p.withFitted().medianMs()), t.runs());
        }
        out.append(pipeline).append('\n');
        out.append("The last column adds what a change's fitted part costs at its slowest: a filter that mixes every "
                + "blur radius and a colour table, run on the full-resolution photo and blended with the model's "
                + "edit. A change its fitted part explains entirely skips the model and costs only that part.\n\n");
    }

    private static void loraModes(StringBuilder out, ModelSpeedResults m) {
        out.append("## 3. Merged vs per-sample vs no LoRA (one UNet step, batch 1)\n\n");
        MarkdownTable table = new MarkdownTable("variant", "median ms", "min ms", "max ms", "ratio to no LoRA");
        ModelSpeedResults.UNetSteps s = m.steps();
        loraRow(table, "no LoRA (base weights)", s.noLora(), s.noLora());
        loraRow(table, "merged LoRA (what the app applies)", s.merged(), s.noLora());
        loraRow(table, "per-sample LoRA (training, eval)", s.perSample(), s.noLora());
        out.append(table).append('\n');
    }

    private static void loraRow(MarkdownTable table, String name, Timing timing, Timing reference) {
        table.row(name, Numbers.ms(timing.medianMs()), Numbers.ms(timing.minMs()), Numbers.ms(timing.maxMs()),
                Numbers.ratio(timing.ratioTo(reference)));
    }

    private static void batch(StringBuilder out, BatchResults b) {
        out.append("## 4. Batch (the app's BatchService, JPEG in and out)\n\n");
        MarkdownTable table = new MarkdownTable("photos", "size", "first pass", "images/s", "RSS before",
                b.peakCoversBatchOnly() ? "peak RSS during the batch" : "peak RSS (whole process)",
                "RSS after " + b.images() + " images", "RSS after " + b.edited() + " images (" + b.passes()
                        + " passes)");
        table.row(b.images(), b.width() + "×" + b.height(),
                Numbers.fixed(b.firstPass().toMillis() / 1000.0, 1) + " s", Numbers.fixed(b.imagesPerSecond(), 2),
                Numbers.mib(b.residentBefore()), Numbers.mib(b.peak()), Numbers.mib(b.residentAfterFirstPass()),
                Numbers.mib(b.residentAfterAll()));
        out.append(table).append('\n');
        out.append("The batch's change is a grade with a fine woven texture that no fitted filter, colour table or "
                + "gain map explains, "
                + "so each photo runs through the diffusion model and the change's fitted part, blended: the slowest "
                + "way a change is applied. (A change its fitted part explains entirely, such as a plain grade, "
                + "skips the model.)\n\n");
    }

    private static void flops(StringBuilder out, ModelSpeedResults m) {
        FlopCount f = m.flops();
        MatmulPeak peak = m.matmul();
        double achieved = m.achievedFlopsPerSecond();
        out.append("## 5. Achieved FLOP/s of the UNet step\n\n");
        MarkdownTable table = new MarkdownTable("UNet step FLOPs", "convolutions", "linear", "attention products",
                "median step ms", "achieved FLOP/s", "peak (" + peak.size() + "² fp32 matmul) FLOP/s",
                "fraction of peak");
        table.row(Numbers.si(f.total()), Numbers.si(f.total(FlopCount.Kind.CONVOLUTION)),
                Numbers.si(f.total(FlopCount.Kind.LINEAR)), Numbers.si(f.total(FlopCount.Kind.ATTENTION_MATMUL)),
                Numbers.ms(m.steps().noLora().medianMs()), Numbers.si(achieved),
                Numbers.si(peak.flopsPerSecond()) + " (median " + Numbers.ms(peak.timing().medianMs()) + " ms)",
                Numbers.fixed(100 * achieved / peak.flopsPerSecond(), 1) + " %");
        out.append(table).append('\n');
        out.append("Counted analytically from the UNet config for one batch-1 evaluation, 2 FLOPs per multiply-add: "
                + "every convolution (3×3, 1×1 skips, stride-2 down, up), every linear projection (attention "
                + "q/k/v/out, timestep MLP, time projections) and both attention products (Q·Kᵀ and softmax·V). "
                + "Not counted: normalisations, activations, additions, concatenations, softmax, biases and "
                + "upsampling copies (memory-bound, a few percent at most). The peak is the same engine and threads "
                + "in the same process.\n");
    }

    private static MarkdownTable timingTable(String first) {
        return new MarkdownTable(first, "median ms", "min ms", "max ms", "runs");
    }

    private static void timingRow(MarkdownTable table, String name, Timing t) {
        table.row(name, Numbers.ms(t.medianMs()), Numbers.ms(t.minMs()), Numbers.ms(t.maxMs()), t.runs());
    }
}
