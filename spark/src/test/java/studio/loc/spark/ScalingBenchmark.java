package studio.loc.spark;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.stream.Stream;
import org.apache.spark.sql.SparkSession;
import studio.loc.diffusion.image.ImageFormat;
import studio.loc.hypernet.engine.EngineThreads;

/**
 * Not a test: images per second of {@code loc-studio apply} and of the job in {@code local[1]} and
 * {@code local[2]} on the same photos, with the JVM's peak resident memory (in local mode the one executor is the
 * driver's JVM). One configuration per JVM, so each peak is its own; {@code spark/bench-scaling.sh} runs all three.
 *
 * <p>Arguments: {@code prepare WORK MODEL PHOTOS}, then {@code cli|local[1]|local[2] WORK MODEL}.
 */
public final class ScalingBenchmark {

    private static final int WIDTH = 384;
    private static final int HEIGHT = 288;

    private ScalingBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        EngineThreads.chooseDefault();
        String mode = args[0];
        Path work = Path.of(args[1]).toAbsolutePath();
        Path model = Path.of(args[2]).toAbsolutePath();
        Path photos = work.resolve("photos");
        Path change = work.resolve("grade.loc.safetensors");
        if (mode.equals("prepare")) {
            prepare(photos, Integer.parseInt(args[3]));
            TinyModel.learnWarm(model, change);
            return;
        }
        Path output = work.resolve("out-" + mode.replaceAll("[^a-z0-9]", ""));
        long photoCount;
        try (Stream<Path> files = Files.walk(photos)) {
            photoCount = files.filter(Files::isRegularFile).count();
        }
        long started = System.nanoTime();
        double jobSeconds;
        if (mode.equals("cli")) {
            ApplyCli.Result result = ApplyCli.run(work, "apply", "--model", model.toString(), "-c", change.toString(),
                    photos.toString(), "-o", output.toString(), "-q");
            if (result.exitCode() != 0) {
                throw new IllegalStateException(result.err());
            }
            jobSeconds = (System.nanoTime() - started) / 1e9;
        } else {
            SparkSession spark = SparkSession.builder().master(mode).appName("scaling")
                    .config("spark.ui.enabled", "false").config("spark.driver.host", "127.0.0.1").getOrCreate();
            double startup = (System.nanoTime() - started) / 1e9;
            long jobStarted = System.nanoTime();
            JobSummary summary = ApplyChangeJob.run(spark, JobOptions.of(change.toString(), photos.toString(),
                    output.toString()).withModel(model.toString()));
            jobSeconds = (System.nanoTime() - jobStarted) / 1e9;
            System.out.printf(Locale.ROOT, "spark session start %.1f s; %s%n", startup, summary.describe());
            spark.stop();
        }
        System.out.printf(Locale.ROOT, "RESULT %s: %d photos in %.1f s = %.2f images/s; peak RSS %d MiB%n", mode,
                photoCount, jobSeconds, photoCount / jobSeconds, peakRssMib());
    }

    private static void prepare(Path photos, int count) throws IOException {
        for (int i = 0; i < count; i++) {
            Path file = photos.resolve("brand-" + i % 10).resolve(String.format("item-%05d.jpg", i));
            Catalogue.write(file, Catalogue.picture(WIDTH, HEIGHT, i, 8, false), ImageFormat.JPEG);
        }
    }

    /** VmHWM of /proc/self/status: the most memory this JVM ever held resident. */
    private static long peakRssMib() throws IOException {
        for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
            if (line.startsWith("VmHWM:")) {
                return Long.parseLong(line.replaceAll("[^0-9]", "")) / 1024;
            }
        }
        return -1;
    }
}
