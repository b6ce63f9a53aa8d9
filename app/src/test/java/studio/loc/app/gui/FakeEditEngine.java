package studio.loc.app.gui;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Arrays;
import java.util.Base64;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.opencv.core.Core;
import org.opencv.core.Mat;
import org.opencv.core.Scalar;
import studio.loc.diffusion.image.OpenCv;
import studio.loc.diffusion.image.Picture;
import studio.loc.diffusion.image.Pictures;
import studio.loc.diffusion.progress.CancellationToken;
import studio.loc.diffusion.progress.CancelledException;
import studio.loc.diffusion.progress.ProgressListener;
import studio.loc.diffusion.sample.SamplingOptions;
import studio.loc.hypernet.engine.ChangeEngine;
import studio.loc.hypernet.engine.EngineException;
import studio.loc.hypernet.engine.LearnedChange;
import studio.loc.hypernet.engine.ModelInfo;
import studio.loc.hypernet.engine.PreparedChange;

/**
 * A deterministic stand-in for the diffusion engine: the "change" is a per-channel gain (after mean / before
 * mean), strength s applies gain^s, and apply takes {@code steps × stepMillis} in that many progress steps,
 * honouring cancellation. Change files are a small text format that records the base model, so a file from
 * another model is refused as the real engine would.
 */
public final class FakeEditEngine implements ChangeEngine {

    private final ModelInfo model;
    private final long stepMillis;
    public final AtomicInteger applies = new AtomicInteger();
    public final AtomicInteger learns = new AtomicInteger();
    /** The refinement steps the last learn was asked for. */
    public final AtomicInteger lastRefineSteps = new AtomicInteger(-1);

    public FakeEditEngine(String modelName, Path folder, long stepMillis) {
        OpenCv.ensureLoaded();
        this.model = new ModelInfo(modelName, "sha-" + modelName, folder, 64, new SamplingOptions(5, 42, 1.5, 1.0));
        this.stepMillis = stepMillis;
    }

    record Gains(double[] perChannel) {
    }

    @Override
    public ModelInfo model() {
        return model;
    }

    @Override
    public LearnedChange learn(Picture before, Picture after, String name, int refineSteps,
                               ProgressListener progress, CancellationToken cancel) throws CancelledException {
        learns.incrementAndGet();
        lastRefineSteps.set(refineSteps);
        Scalar b = Core.mean(before.rgb());
        Scalar a = Core.mean(after.rgb());
        double[] gains = new double[3];
        for (int c = 0; c < 3; c++) {
            cancel.throwIfCancelled();
            gains[c] = (a.val[c] + 1e-3) / (b.val[c] + 1e-3);
            progress.onProgress(c + 1, 3, "Encoding the example");
            pause();
        }
        for (int step = 1; step <= refineSteps; step++) {
            cancel.throwIfCancelled();
            pause();
            progress.onProgress(step, refineSteps, "Refining the change");
        }
        return new LearnedChange(name, model.name(), Instant.now(), Pictures.thumbnailPng(before, 96),
                Pictures.thumbnailPng(after, 96), 0, new Gains(gains));
    }

    @Override
    public void save(LearnedChange change, Path file) throws EngineException {
        Gains gains = (Gains) change.payload();
        String text = "loc-fake-change\n"
                + "name=" + change.name() + "\n"
                + "base=" + change.baseModel() + "\n"
                + "gains=" + gains.perChannel()[0] + "," + gains.perChannel()[1] + "," + gains.perChannel()[2] + "\n"
                + "before=" + Base64.getEncoder().encodeToString(change.beforeThumbnailPng()) + "\n"
                + "after=" + Base64.getEncoder().encodeToString(change.afterThumbnailPng()) + "\n";
        try {
            Files.writeString(file, text, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new EngineException("Could not save the change to " + file + ": " + e.getMessage(), e);
        }
    }

    @Override
    public LearnedChange load(Path file) throws EngineException {
        Map<String, String> fields = new HashMap<>();
        try {
            for (String line : Files.readAllLines(file, StandardCharsets.UTF_8)) {
                int eq = line.indexOf('=');
                if (eq > 0) {
                    fields.put(line.substring(0, eq), line.substring(eq + 1));
                }
            }
        } catch (IOException e) {
            throw new EngineException(file.getFileName() + " could not be read: " + e.getMessage(), e);
        }
        if (!fields.containsKey("gains") || !fields.containsKey("base")) {
            throw new EngineException(file.getFileName() + " is not a LoC Studio change file.");
        }
        if (!fields.get("base").equals(model.name())) {
            throw new EngineException("This change was made for the model “" + fields.get("base")
                    + "”, but “" + model.name() + "” is loaded.");
        }
        double[] gains = Arrays.stream(fields.get("gains").split(",")).mapToDouble(Double::parseDouble).toArray();
        return new LearnedChange(fields.get("name"), fields.get("base"), Instant.now(),
                Base64.getDecoder().decode(fields.get("before")), Base64.getDecoder().decode(fields.get("after")),
                0, new Gains(gains));
    }

    @Override
    public PreparedChange prepare(LearnedChange change, double strength) throws EngineException {
        if (!(change.payload() instanceof Gains gains)) {
            throw new EngineException("This change was not made by this engine.");
        }
        return new PreparedChange() {
            @Override
            public Picture apply(Picture query, SamplingOptions settings, ProgressListener progress,
                                 CancellationToken cancel) throws CancelledException {
                applies.incrementAndGet();
                for (int step = 1; step <= settings.steps(); step++) {
                    cancel.throwIfCancelled();
                    pause();
                    progress.onProgress(step, settings.steps(), "Denoising step " + step + " of " + settings.steps());
                }
                double[] g = gains.perChannel();
                Scalar factor = new Scalar(Math.pow(g[0], strength), Math.pow(g[1], strength), Math.pow(g[2], strength));
                Mat out = new Mat();
                Core.multiply(query.rgb(), factor, out);
                Core.min(out, new Scalar(1, 1, 1), out);
                Core.max(out, new Scalar(0, 0, 0), out);
                return query.withRgb(out);
            }

            @Override
            public void close() {
            }
        };
    }

    private void pause() {
        try {
            Thread.sleep(stepMillis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Override
    public void close() {
    }
}
