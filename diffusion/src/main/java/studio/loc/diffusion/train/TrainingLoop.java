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
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.function.Supplier;
import studio.loc.diffusion.nn.ParameterStore;
import studio.loc.diffusion.progress.CancellationToken;
import studio.loc.diffusion.progress.CancelledException;

/**
 * The loop every trainer shares (codec, denoiser, hypernetwork): resume from the checkpoint folder if it holds a
 * checkpoint, then for each step compute the loss in a child manager inside a gradient collector, back-propagate,
 * update with AdamW at the scheduled rate, report progress, append a CSV line every {@code logEvery} steps and
 * checkpoint every {@code checkpointEvery} steps, at the end, and when cancelled.
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

    private final ParameterStore store;
    private final AdamOptimizer optimizer;
    private final LrSchedule schedule;
    private final StepFunction stepFunction;
    private final Settings settings;
    private Supplier<Map<String, String>> metadata = Map::of;

    public TrainingLoop(ParameterStore store, AdamOptimizer optimizer, LrSchedule schedule, StepFunction stepFunction,
                        Settings settings) {
        this.store = Objects.requireNonNull(store, "store");
        this.optimizer = Objects.requireNonNull(optimizer, "optimizer");
        this.schedule = Objects.requireNonNull(schedule, "schedule");
        this.stepFunction = Objects.requireNonNull(stepFunction, "stepFunction");
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
        long start = Checkpoint.exists(dir) ? Checkpoint.step(Checkpoint.restore(dir, store, optimizer)) : 0;
        Files.createDirectories(dir);
        long began = System.nanoTime();
        double lastLoss = Double.NaN;
        double windowSum = 0;
        int windowCount = 0;
        for (long step = start; step < settings.totalSteps(); step++) {
            if (cancel.isCancelled()) {
                Checkpoint.write(dir, step, store, optimizer, metadata.get());
                throw new CancelledException();
            }
            double rate = schedule.rate(step);
            double gradNorm;
            try (NDManager scratch = store.manager().newSubManager()) {
                try (GradientCollector collector = Engine.getInstance().newGradientCollector()) {
                    NDArray loss = stepFunction.loss(step, scratch);
                    collector.backward(loss);
                    lastLoss = loss.getFloat();
                }
                gradNorm = optimizer.step(rate);
            }
            long done = step + 1;
            windowSum += lastLoss;
            windowCount++;
            double seconds = (System.nanoTime() - began) / 1e9;
            double perSecond = (done - start) / Math.max(seconds, 1e-9);
            double eta = (settings.totalSteps() - done) / perSecond;
            TrainingProgress progress = new TrainingProgress(done, settings.totalSteps(), lastLoss, rate, gradNorm,
                    perSecond, eta);
            if (done % settings.logEvery() == 0 || done == settings.totalSteps()) {
                appendLog(dir, new TrainingProgress(done, settings.totalSteps(), windowSum / windowCount, rate,
                        gradNorm, perSecond, eta));
                windowSum = 0;
                windowCount = 0;
            }
            if (done % settings.checkpointEvery() == 0 && done < settings.totalSteps()) {
                Checkpoint.write(dir, done, store, optimizer, metadata.get());
            }
            listener.onStep(progress);
        }
        Path written = Checkpoint.write(dir, settings.totalSteps(), store, optimizer, metadata.get());
        return new TrainingResult(settings.totalSteps(), start, lastLoss, written);
    }

    private static void appendLog(Path dir, TrainingProgress p) throws IOException {
        Path log = dir.resolve(LOG_FILE);
        boolean fresh = !Files.exists(log);
        try (Writer out = Files.newBufferedWriter(log, StandardCharsets.UTF_8, StandardOpenOption.CREATE,
                StandardOpenOption.APPEND)) {
            if (fresh) {
                out.write(LOG_HEADER + "\n");
            }
            out.write(String.format(Locale.ROOT, "%d,%.6g,%.6g,%.6g,%.4f,%.1f%n", p.step(), p.loss(),
                    p.learningRate(), p.gradNorm(), p.stepsPerSecond(), p.etaSeconds()));
        }
    }
}
