package studio.loc.app;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import studio.loc.diffusion.image.ImageLimits;
import studio.loc.diffusion.image.Picture;
import studio.loc.diffusion.image.PictureReader;

/** The batch as a real process: killed with SIGKILL or stopped with a signal mid-run, then resumed. */
class BatchProcessTest {

    private static final int PHOTOS = 6;

    @TempDir
    Path tmp;

    CliHarness cli;
    Path change;
    Path in;

    @BeforeEach
    void setUp() throws Exception {
        cli = new CliHarness(tmp);
        Path before = CliHarness.photo(tmp.resolve("pair/before.png"), 16, 16);
        Path after = CliHarness.warmer(before, tmp.resolve("pair/after.png"));
        change = tmp.resolve("c.loc.safetensors");
        assertEquals(0, cli.runWithModel("learn", "--before", before.toString(), "--after", after.toString(), "-o",
                change.toString()).exitCode());
        in = tmp.resolve("in");
        for (int i = 0; i < PHOTOS; i++) {
            CliHarness.photo(in.resolve("p" + i + ".png"), 16, 16);
        }
    }

    private Process startSlowBatch(Path out) throws IOException {
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java")
                .toString(), "-cp", System.getProperty("java.class.path"), "--enable-native-access=ALL-UNNAMED",
                SlowBatchMain.class.getName(), "150", "apply", "--model", cli.model.toString(), "--change",
                change.toString(), in.toString(), "-o", out.toString()));
        return new ProcessBuilder(command).redirectOutput(tmp.resolve("child.out").toFile())
                .redirectError(tmp.resolve("child.err").toFile()).start();
    }

    private static void awaitOutputs(Path out, int count, Process process) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (outputs(out).size() < count) {
            assertTrue(process.isAlive(), "the batch ended too early");
            assertTrue(System.nanoTime() < deadline, "no progress");
            Thread.sleep(20);
        }
    }

    /** One test, two child processes: starting a JVM with OpenCV is the slow part. */
    @Test
    void signalStopsGracefullyKillDashNineLosesNothingAndTheRerunCompletes() throws Exception {
        Path out = tmp.resolve("out");

        Process first = startSlowBatch(out);
        awaitOutputs(out, 1, first);
        first.destroy(); // SIGTERM: the same shutdown hook as Ctrl-C (which ends with 130)
        assertTrue(first.waitFor(30, TimeUnit.SECONDS));
        assertEquals(128 + 15, first.exitValue(), "ended by the signal, after cleaning up");
        String err = Files.readString(tmp.resolve("child.err"));
        assertTrue(err.contains("run again to resume"), err);
        assertTrue(Files.readString(tmp.resolve("child.out")).contains(" edited"));
        assertTrue(Files.readString(out.resolve("loc-batch-report.csv")).contains("not-started"));
        int afterSignal = outputs(out).size();

        Process second = startSlowBatch(out);
        awaitOutputs(out, afterSignal + 1, second);
        second.destroyForcibly(); // kill -9: no hook, no summary
        assertTrue(second.waitFor(20, TimeUnit.SECONDS));
        int afterKill = outputs(out).size();
        assertTrue(afterKill < PHOTOS, "killed before the end");
        for (Path output : outputs(out)) {
            try (Picture picture = PictureReader.read(output, ImageLimits.DEFAULT)) {
                assertEquals(16, picture.width(), "every output name holds a whole picture");
            }
        }

        var rerun = cli.runWithModel("apply", "--change", change.toString(), in.toString(), "-o", out.toString());

        assertEquals(0, rerun.exitCode(), rerun.all());
        assertEquals(PHOTOS, outputs(out).size());
        // at most the photo renamed into place just before the kill, whose journal line was not yet written
        assertTrue(cli.probe.applied.get() <= PHOTOS - afterKill + 1, "finished photos are not redone: "
                + cli.probe.applied.get() + " redone with " + afterKill + " of " + PHOTOS + " there");
        List<String> keys = Files.readAllLines(out.resolve(".loc-batch.jsonl")).stream().filter(l -> !l.isBlank())
                .map(l -> com.google.gson.JsonParser.parseString(l).getAsJsonObject().get("output").getAsString())
                .toList();
        assertEquals(new HashSet<>(keys).size(), keys.size(), "no photo recorded twice: " + keys);
        assertEquals(PHOTOS, keys.size());
        for (Path file : CliHarness.filesUnder(out)) {
            String name = file.getFileName().toString();
            assertTrue(!name.startsWith(".") || name.equals(".loc-batch.jsonl"), "left behind: " + file);
        }
    }

    private static List<Path> outputs(Path out) throws IOException {
        if (!Files.isDirectory(out)) {
            return List.of();
        }
        // The running child renames its partial files while we walk the folder: a file that vanishes mid-walk
        // only means "look again".
        while (true) {
            try {
                return CliHarness.filesUnder(out).stream()
                        .filter(p -> p.getFileName().toString().matches("p\\d\\.png")).toList();
            } catch (UncheckedIOException e) {
                if (!(e.getCause() instanceof NoSuchFileException)) {
                    throw e;
                }
            }
        }
    }
}
