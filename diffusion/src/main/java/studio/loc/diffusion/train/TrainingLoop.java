package studio.loc.diffusion.train;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.training.GradientCollector;
import java.io.IOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.function.Supplier;
import studio.loc.diffusion.nn.ParameterStore;
import studio.loc.diffusion.progress.CancellationToken;
import studio.loc.diffusion.progress.CancelledException;

/**
 * The loop every trainer shares (codec, denoiser, hypernetwork): resume from the checkpoint folder if it holds a
 * checkpoint, then for each step run the step in a child manager, report progress, log every {@code logEvery} steps
 * and checkpoint every {@code checkpointEvery} steps, at the end, and when cancelled.
 *
 * <p>The single-network form computes the loss of a {@link StepFunction} inside a gradient collector,
 * back-propagates, updates with AdamW at the scheduled rate and appends a CSV line (the mean loss of the interval).
 * A trainer of several networks (the hypernetwork's) supplies its own {@link Step} and {@link StepLog} instead and
 * keeps the same resume, progress and checkpoint behaviour.
 */
public final class TrainingLoop {

    public static final String LOG_FILE = "training-log.csv";
    static final String LOG_HEADER = "step,loss,learning_rate,grad_norm,steps_per_second,eta_seconds";

    /**
     * @param totalSteps steps the run ends at (a resume continues up to it)
     * @param checkpointDir where the checkpoint and the CSV log live
     * @param checkpointEvery checkpoint interval in steps
     * @param logEvery CSV interval in steps (the logged loss is the mean over the interval)
     */
    public record Settings(long totalSteps, Path checkpointDir, long checkpointEvery, long logEvery) {
        public Settings {
            Objects.requireNonNull(checkpointDir, "checkpointDir");
            if (totalSteps < 1 || checkpointEvery < 1 || logEvery < 1) {
                throw new IllegalArgumentException("steps and intervals must be positive");
            }
        }
    }

    /**
     * What one step did.
     *
     * @param gradNorm the global gradient norm the progress reports (of the main network when there are several)
     */
    public record StepOutcome(double loss, double learningRate, double gradNorm) {
    }

    /** One optimiser step: loss, backward pass and updates; everything it makes goes to {@code scratch}. */
    @FunctionalInterface
    public interface Step {
        StepOutcome run(long step, NDManager scratch);
    }

    /** Records a finished step; {@code logLine} is true every {@code logEvery} steps and at the last one. */
    @FunctionalInterface
    public interface StepLog {
        void record(TrainingProgress progress, boolean logLine) throws IOException;
    }

    private final NDManager manager;
    private final Checkpoint.Layout layout;
    private final List<Checkpoint.Part> parts;
    private final Step step;
    private final Settings settings;
    private StepLog log;
    private Supplier<Map<String, String>> metadata = Map::of;

    public TrainingLoop(ParameterStore store, AdamOptimizer optimizer, LrSchedule schedule, StepFunction stepFunction,
                        Settings settings) {
        Objects.requireNonNull(store, "store");
        Objects.requireNonNull(optimizer, "optimizer");
        Objects.requireNonNull(schedule, "schedule");
        Objects.requireNonNull(stepFunction, "stepFunction");
        this.manager = store.manager();
        this.layout = Checkpoint.SINGLE_NETWORK;
        this.parts = List.of(new Checkpoint.Part("", store, optimizer));
        this.step = (index, scratch) -> {
            double rate = schedule.rate(index);
            double loss;
            try (GradientCollector collector = Engine.getInstance().newGradientCollector()) {
                NDArray value = stepFunction.loss(index, scratch);
                collector.backward(value);
                loss = value.getFloat();
            }
            return new StepOutcome(loss, rate, optimizer.step(rate));
        };
        this.settings = Objects.requireNonNull(settings, "settings");
        this.log = new MeanLossCsv(settings.checkpointDir());
    }

    /**
     * A loop over networks of its own making.
     *
     * @param manager the parent of every step's scratch manager
     * @param parts   what the checkpoint holds, in {@code layout}
     * @param log     records every step (the single-network CSV is not written)
     */
    public TrainingLoop(NDManager manager, Checkpoint.Layout layout, List<Checkpoint.Part> parts, Step step,
                        StepLog log, Settings settings) {
        this.manager = Objects.requireNonNull(manager, "manager");
        this.layout = Objects.requireNonNull(layout, "layout");
        this.parts = List.copyOf(parts);
        this.step = Objects.requireNonNull(step, "step");
        this.log = Objects.requireNonNull(log, "log");
        this.settings = Objects.requireNonNull(settings, "settings");
    }

    /** Extra strings each checkpoint records (model config, trainer name), read back by the caller on resume. */
    public TrainingLoop withMetadata(Supplier<Map<String, String>> metadata) {
        this.metadata = Objects.requireNonNull(metadata, "metadata");
        return this;
    }

    /**
     * Runs (or resumes) to {@code totalSteps}.
     *
     * @throws CancelledException after writing a checkpoint of the steps finished so far
     * @throws IOException when the checkpoint or the log cannot be read or written
     */
    public TrainingResult run(TrainingListener listener, CancellationToken cancel)
            throws CancelledException, IOException {
        Path dir = settings.checkpointDir();
        long start = layout.exists(dir) ? Checkpoint.step(Checkpoint.restore(dir, layout, parts)) : 0;
        Files.createDirectories(dir);
        long began = System.nanoTime();
        double lastLoss = Double.NaN;
        for (long index = start; index < settings.totalSteps(); index++) {
            if (cancel.isCancelled()) {
                Checkpoint.write(dir, layout, index, parts, metadata.get());
                throw new CancelledException();
            }
            StepOutcome outcome;
            try (NDManager scratch = manager.newSubManager()) {
                outcome = step.run(index, scratch);
            }
            lastLoss = outcome.loss();
            long done = index + 1;
            double seconds = (System.nanoTime() - began) / 1e9;
            double perSecond = (done - start) / Math.max(seconds, 1e-9);
            double eta = (settings.totalSteps() - done) / perSecond;
            TrainingProgress progress = new TrainingProgress(done, settings.totalSteps(), lastLoss,
                    outcome.learningRate(), outcome.gradNorm(), perSecond, eta);
            log.record(progress, done % settings.logEvery() == 0 || done == settings.totalSteps());
            if (done % settings.checkpointEvery() == 0 && done < settings.totalSteps()) {
                Checkpoint.write(dir, layout, done, parts, metadata.get());
            }
            listener.onStep(progress);
        }
        Path written = Checkpoint.write(dir, layout, settings.totalSteps(), parts, metadata.get());
        return new TrainingResult(settings.totalSteps(), start, lastLoss, written);
    }

    /** The single-network log: one CSV line per interval with the interval's mean loss. */
    private static final class MeanLossCsv implements StepLog {

        private final Path dir;
        private double windowSum;
        private int windowCount;

        MeanLossCsv(Path dir) {
            this.dir = dir;
        }

        @Override
        public void record(TrainingProgress p, boolean logLine) throws IOException {
            windowSum += p.loss();
            windowCount++;
            if (!logLine) {
                return;
            }
            Path file = dir.resolve(LOG_FILE);
            boolean fresh = !Files.exists(file);
            try (Writer out = Files.newBufferedWriter(file, StandardCharsets.UTF_8, StandardOpenOption.CREATE,
                    StandardOpenOption.APPEND)) {
                if (fresh) {
                    out.write(LOG_HEADER + "\n");
                }
                out.write(String.format(Locale.ROOT, "%d,%.6g,%.6g,%.6g,%.4f,%.1f%n", p.step(),
                        windowSum / windowCount, p.learningRate(), p.gradNorm(), p.stepsPerSecond(), p.etaSeconds()));
            }
            windowSum = 0;
            windowCount = 0;
        }
    }
}
