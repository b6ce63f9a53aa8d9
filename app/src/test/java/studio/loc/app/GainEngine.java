package studio.loc.app;

import com.google.gson.JsonParser;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Properties;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.IntConsumer;
import org.opencv.core.Core;
import org.opencv.core.Mat;
import org.opencv.core.Scalar;
import studio.loc.diffusion.image.Picture;
import studio.loc.diffusion.progress.CancellationToken;
import studio.loc.diffusion.progress.CancelledException;
import studio.loc.diffusion.progress.ProgressListener;
import studio.loc.diffusion.sample.SamplingOptions;
import studio.loc.hypernet.engine.ChangeEngine;
import studio.loc.hypernet.engine.EngineException;
import studio.loc.hypernet.engine.EngineFactory;
import studio.loc.hypernet.engine.LearnedChange;
import studio.loc.hypernet.engine.ModelInfo;
import studio.loc.hypernet.engine.PreparedChange;

/**
 * Test double of the model engine: a "change" is a per-channel gain (mean of after / mean of before), applied as
 * 1 + strength * (gain - 1). Deterministic and instant, so batch behaviour can be tested without a network. The
 * model is whatever {@code model.json}'s "name" says; change files remember it and are refused by other models.
 */
final class GainEngine implements ChangeEngine {

    /** Counts and hooks the tests look at. */
    static final class Probe {
        final AtomicInteger opened = new AtomicInteger();
        final AtomicInteger prepared = new AtomicInteger();
        final AtomicInteger applied = new AtomicInteger();
        /** The refinement steps the last learn was asked for (-1: no learn yet). */
        final AtomicInteger refineSteps = new AtomicInteger(-1);
        /** Called after every apply with the number of applies so far (e.g. to cancel a batch mid-run). */
        volatile IntConsumer afterApply = n -> { };
    }

    static EngineFactory factory(Probe probe) {
        return folder -> {
            Path descriptor = folder.resolve("model.json");
            try {
                String name = JsonParser.parseString(Files.readString(descriptor)).getAsJsonObject().get("name")
                        .getAsString();
                probe.opened.incrementAndGet();
                return new GainEngine(new ModelInfo(name, "sha-" + name, folder, 64, new SamplingOptions(4, 42, 1.5, 1.0)),
                        probe);
            } catch (IOException | RuntimeException e) {
                throw new EngineException("Cannot read " + descriptor + ": " + e.getMessage(), e);
            }
        };
    }

    /** Creates a model folder the factory can open. */
    static Path modelFolder(Path parent, String name) throws IOException {
        Path folder = Files.createDirectories(parent.resolve(name));
        Files.writeString(folder.resolve("model.json"), "{\"name\": \"" + name + "\"}");
        return folder;
    }

    private final ModelInfo model;
    private final Probe probe;

    private GainEngine(ModelInfo model, Probe probe) {
        this.model = model;
        this.probe = probe;
    }

    @Override
    public ModelInfo model() {
        return model;
    }

    @Override
    public LearnedChange learn(Picture before, Picture after, String name, int refineSteps,
                               ProgressListener progress, CancellationToken cancel) throws CancelledException {
        cancel.throwIfCancelled();
        probe.refineSteps.set(refineSteps);
        Scalar b = Core.mean(before.rgb());
        Scalar a = Core.mean(after.rgb());
        double[] gains = new double[3];
        for (int c = 0; c < 3; c++) {
            gains[c] = a.val[c] / Math.max(b.val[c], 1e-6);
        }
        return new LearnedChange(name, model.name(), Instant.parse("2026-01-02T03:04:05Z"), new byte[0], new byte[0],
                1, gains);
    }

    @Override
    public void save(LearnedChange change, Path file) throws EngineException {
        double[] gains = (double[]) change.payload();
        String text = "name=" + change.name() + "\nbase_model=" + change.baseModel() + "\ncreated=" + change.created()
                + "\ngains=" + gains[0] + "," + gains[1] + "," + gains[2] + "\n";
        try {
            Files.writeString(file, text, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new EngineException("Cannot write " + file + ": " + e.getMessage(), e);
        }
    }

    @Override
    public LearnedChange load(Path file) throws EngineException {
        Properties properties = new Properties();
        try (var reader = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            properties.load(reader);
        } catch (IOException e) {
            throw new EngineException("Cannot read " + file + ": " + e.getMessage(), e);
        }
        String base = properties.getProperty("base_model");
        String gainText = properties.getProperty("gains");
        if (base == null || gainText == null) {
            throw new EngineException(file.getFileName() + " is not a change file");
        }
        if (!base.equals(model.name())) {
            throw new EngineException("it was made for the model \"" + base + "\", but the open model is \""
                    + model.name() + "\"");
        }
        String[] parts = gainText.split(",");
        double[] gains = {Double.parseDouble(parts[0]), Double.parseDouble(parts[1]), Double.parseDouble(parts[2])};
        return new LearnedChange(properties.getProperty("name"), base, Instant.parse(properties.getProperty("created")),
                new byte[0], new byte[0], 0, gains);
    }

    @Override
    public PreparedChange prepare(LearnedChange change, double strength) throws EngineException {
        if (!change.baseModel().equals(model.name())) {
            throw new EngineException("change for \"" + change.baseModel() + "\" on model \"" + model.name() + "\"");
        }
        probe.prepared.incrementAndGet();
        double[] gains = (double[]) change.payload();
        Scalar effective = new Scalar(1 + strength * (gains[0] - 1), 1 + strength * (gains[1] - 1),
                1 + strength * (gains[2] - 1));
        return new PreparedChange() {
            @Override
            public Picture apply(Picture query, SamplingOptions settings, ProgressListener progress,
                                 CancellationToken cancel) throws CancelledException {
                for (int step = 1; step <= settings.steps(); step++) {
                    cancel.throwIfCancelled();
                    progress.onProgress(step, settings.steps(), "step " + step);
                }
                Mat out = new Mat();
                Core.multiply(query.rgb(), effective, out);
                Core.min(out, new Scalar(1, 1, 1), out);
                Core.max(out, new Scalar(0, 0, 0), out);
                probe.afterApply.accept(probe.applied.incrementAndGet());
                return query.withRgb(out);
            }

            @Override
            public void close() {
            }
        };
    }

    @Override
    public void close() {
    }
}
