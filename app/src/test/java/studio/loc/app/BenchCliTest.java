package studio.loc.app;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code bench} end to end on a tiny real model with tiny sizes (the real measurements take hours and are run by
 * hand, see docs/benchmarks.md), and its refusals of bad arguments. No timing is asserted: only that every
 * section is measured and reported.
 */
class BenchCliTest {

    @TempDir
    static Path shared;

    static Path model;
    static Path devset;

    @TempDir
    Path tmp;

    @BeforeAll
    static void tinyModelAndDevset() throws Exception {
        model = TinyModelFixture.write(shared.resolve("model"), "tiny-bench", 17);
        devset = TrainEvalCliTest.devset(shared.resolve("devset"));
    }

    /** {@code bench <subcommand> --model <tiny> args...}. */
    private CliHarness.Result bench(String subcommand, String... args) throws Exception {
        CliHarness cli = new CliHarness(tmp);
        cli.engine = LocStudio.installedEngine();
        String[] all = new String[args.length + 4];
        all[0] = "bench";
        all[1] = subcommand;
        all[2] = "--model";
        all[3] = model.toString();
        System.arraycopy(args, 0, all, 4, args.length);
        return cli.run(all);
    }

    @Test
    void theSpeedBenchmarkMeasuresEverySectionAndWritesTheReport() throws Exception {
        Path report = tmp.resolve("reports").resolve("bench.md");
        Path work = tmp.resolve("work");

        var result = bench("speed", "--repeats", "2", "--warmup", "1", "--sizes", "0.002,0.004", "--photo-megapixels",
                "0.002", "--batch-images", "2", "--rss-images", "3", "--matmul", "24", "--work", work.toString(),
                "-o", report.toString());

        assertEquals(0, result.exitCode(), result.all());
        String markdown = Files.readString(report);
        assertEquals(result.out(), markdown, "stdout and the file hold the same report");
        for (String section : List.of("## Machine", "## Model", "## 1. Learning a change", "## 2. Applying a change",
                "### One UNet step", "### The whole edit pipeline", "## 3. Merged vs per-sample vs no LoRA",
                "## 4. Batch", "## 5. Achieved FLOP/s of the UNet step")) {
            assertTrue(markdown.contains(section), "missing " + section + " in\n" + markdown);
        }
        assertTrue(markdown.contains("tiny-bench"), markdown);
        assertTrue(markdown.contains("| 0.002 MP | 52×39 |") && markdown.contains("| 73×55 |"), markdown);
        assertTrue(markdown.contains("| merged LoRA (what the app applies) |"), markdown);
        assertTrue(markdown.contains("RSS after 4 images (2 passes)"), "3 images need 2 passes of 2: " + markdown);
        assertTrue(markdown.contains("peak (24² fp32 matmul) FLOP/s"), markdown);
        assertTrue(markdown.contains("intra-op"), "the engine's threads are described: " + markdown);
        try (var photos = Files.list(work.resolve("photos")); var edited = Files.list(work.resolve("edited"))) {
            assertEquals(2, photos.count());
            assertTrue(edited.filter(p -> p.toString().endsWith(".jpg")).count() == 2, "both photos were edited");
        }
        assertTrue(result.err().contains("[5/5]"), "progress on stderr: " + result.err());
    }

    @Test
    void theFullResolutionBenchTimesEveryStageAndSkipsToolsThatAreAbsent() throws Exception {
        Path report = tmp.resolve("fullres.md");

        var result = bench("fullres", "--sizes", "0.003", "--repeats", "1", "--warmup", "0",
                "--ffmpeg", tmp.resolve("no-such-ffmpeg").toString(),
                "--imagemagick", tmp.resolve("no-such-magick").toString(), "-o", report.toString());

        assertEquals(0, result.exitCode(), result.all());
        String markdown = Files.readString(report);
        for (String section : List.of("## A change its colour table carries wholly", "## A change that needs the model",
                "| 0.003 MP JPEG | 63×47 |", "| 0.003 MP TIFF 16-bit | 63×47 |")) {
            assertTrue(markdown.contains(section), "missing " + section + " in\n" + markdown);
        }
        assertTrue(markdown.contains("- FFmpeg: not installed") && markdown.contains("- ImageMagick: not installed"),
                "absent tools are named: " + markdown);
        assertTrue(markdown.contains("| skipped | skipped | – | – |"), "and their columns skipped: " + markdown);
        assertTrue(result.err().contains("FFmpeg not installed"), "said as the run starts: " + result.err());
    }

    @Test
    void thePerPairComparisonScoresEveryMethodAndTimesIt() throws Exception {
        Path predictions = tmp.resolve("predictions");

        var result = bench("per-pair", "--devset", devset.toString(), "--steps", "2,3", "--refine", "2",
                "--refine-lr", "5e-4", "--quads", "1", "--predictions", predictions.toString());

        assertEquals(0, result.exitCode(), result.all());
        String markdown = result.out();
        for (String method : List.of("identity", "loc-hypernet", "per-pair-2", "per-pair-3", "loc-hypernet+2")) {
            assertTrue(markdown.contains(method + " PSNR / SSIM / dE00"), method + " scored: " + markdown);
            assertTrue(Files.isRegularFile(predictions.resolve(method).resolve("warm/0/b_pred.png")), method);
        }
        assertTrue(markdown.contains("| tone | 2 |") && markdown.contains("| all | 2 |"), markdown);
        assertTrue(markdown.contains("## Time per pair") && markdown.contains("| per-pair-3 |"), markdown);
        assertTrue(markdown.contains("## The claim"), markdown);
        assertTrue(markdown.contains("refined by N steps of the same optimisation at 5.0E-4"), markdown);
        assertTrue(result.err().contains("[10/10] loc-hypernet+2"), "2 quads x 5 methods: " + result.err());
    }

    @Test
    void badArgumentsExitWith2AndSayWhatIsWrong() throws Exception {
        String dir = tmp.toString();
        String set = devset.toString();
        assertUsage(bench("speed", "--repeats", "0"), "--repeats must be at least 1");
        assertUsage(bench("speed", "--sizes", "0.5,-1"), "--sizes");
        assertUsage(bench("speed", "--batch-images", "0"), "--batch-images");
        assertUsage(bench("per-pair"), "bench per-pair needs --devset");
        assertUsage(bench("fullres", "--sizes", "0"), "photo sizes must be in (0, 400]");
        assertUsage(bench("fullres", "--repeats", "0"), "--repeats");
        assertUsage(bench("speed", "--devset", set), "--devset");
        assertUsage(bench("per-pair", "--devset", set, "--repeats", "3"), "--repeats");
        assertUsage(bench("per-pair", "--devset", set, "--steps", "0,5"), "--steps");
        assertUsage(bench("per-pair", "--devset", set, "--quads", "0"), "--quads must be at least 1");
        assertUsage(bench("per-pair", "--devset", set, "--lr", "-1"), "learning rate");
        assertUsage(bench("per-pair", "--devset", set, "--refine", "0"), "--refine takes step counts");
        assertUsage(bench("per-pair", "--devset", set, "--refine-lr", "0"), "learning rate");
        assertUsage(bench("speed", "--refine", "5"), "--refine");
        assertUsage(bench("per-pair", "--devset", tmp.resolve("nowhere").toString()), "manifest.csv");
        assertUsage(bench("speed", "-o", dir), "is a folder");
        assertUsage(bench("per-pair", "--devset", set, "-o", dir), "is a folder");
        assertUsage(bench("speed", "--repeats", "lots"), "--repeats");
        CliHarness cli = new CliHarness(tmp);
        assertUsage(cli.run("bench", "speed", "--model", tmp.resolve("no-model").toString()), "no-model");
        assertUsage(cli.run("bench"), "bench needs a subcommand");
        assertUsage(cli.run("bench", "--per-pair"), "--per-pair");
    }

    private static void assertUsage(CliHarness.Result result, String expected) {
        assertEquals(2, result.exitCode(), result.all());
        assertTrue(result.err().contains(expected), "expected \"" + expected + "\" in: " + result.err());
    }
}
