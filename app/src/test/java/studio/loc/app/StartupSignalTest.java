package studio.loc.app;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import studio.loc.hypernet.engine.EngineException;

/** Ctrl-C while the program is still starting is a cancellation: "Cancelled." and exit 130, no stack trace. */
class StartupSignalTest {

    @TempDir
    Path tmp;

    @Test
    void ctrlCDuringStartUpOfARealProcessSaysCancelled() throws Exception {
        CliHarness cli = new CliHarness(tmp);
        Path before = CliHarness.photo(tmp.resolve("pair/before.png"), 16, 16);
        Path after = CliHarness.warmer(before, tmp.resolve("pair/after.png"));
        Path change = tmp.resolve("c.loc.safetensors");
        assertEquals(0, cli.runWithModel("learn", "--before", before.toString(), "--after", after.toString(), "-o",
                change.toString()).exitCode());
        Path err = tmp.resolve("child.err");
        // env resets SIGINT to its default: a test run started in the background inherits it ignored, and a JVM
        // then never sees Ctrl-C.
        Process child = new ProcessBuilder("env", "--default-signal=INT",
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", System.getProperty("java.class.path"), "--enable-native-access=ALL-UNNAMED",
                "-Djava.io.tmpdir=" + Files.createDirectories(tmp.resolve("temp")),
                SlowStartMain.class.getName(), "60000", "apply", "--model", cli.model.toString(), "--change",
                change.toString(), before.toString(), "-o", tmp.resolve("out").toString())
                .redirectOutput(tmp.resolve("child.out").toFile()).redirectError(err.toFile()).start();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (!Files.readString(err).contains("opening")) {
            assertTrue(child.isAlive() && System.nanoTime() < deadline, "the child never started opening");
            Thread.sleep(20);
        }

        Process interrupt = new ProcessBuilder("kill", "-INT", Long.toString(child.pid())).start();
        assertEquals(0, interrupt.waitFor());
        assertTrue(child.waitFor(60, TimeUnit.SECONDS));

        String text = Files.readString(err);
        assertEquals(130, child.exitValue(), text);
        assertTrue(text.contains("Cancelled"), text);
        assertFalse(text.contains("Exception") || text.contains("Error") || text.contains("\tat "), text);
        assertEquals(List.of(), CliHarness.filesUnder(tmp.resolve("temp")), "nothing left in the temp folder");
    }

    @Test
    void whatBreaksAfterCtrlCIsReportedAsTheCancellation() throws Exception {
        CliHarness cli = new CliHarness(tmp);
        Path photo = CliHarness.photo(tmp.resolve("a.png"), 16, 16);
        Path change = Files.writeString(tmp.resolve("c.loc.safetensors"), "unused");
        for (RuntimeException failure : List.<RuntimeException>of(new IllegalStateException("Shutdown in progress"),
                new IllegalArgumentException("half-read model"))) {
            cli.cancel = new studio.loc.diffusion.progress.CancellationToken();
            var cancel = cli.cancel;
            cli.engine = Optional.of(folder -> {
                cancel.cancel(); // Ctrl-C arrives while the model opens ...
                throw failure; // ... and the opening breaks because the JVM is shutting down
            });
            var result = cli.runWithModel("apply", "-c", change.toString(), photo.toString(), "-o",
                    tmp.resolve("o.png").toString());
            assertEquals(130, result.exitCode(), result.all());
            assertEquals("loc-studio: Cancelled.", result.err().strip());
        }
        cli.cancel = new studio.loc.diffusion.progress.CancellationToken();
        var cancel = cli.cancel;
        cli.engine = Optional.of(folder -> {
            cancel.cancel();
            throw new ExceptionInInitializerError(new IllegalStateException("Shutdown in progress"));
        });
        var error = cli.runWithModel("apply", "-c", change.toString(), photo.toString(), "-o",
                tmp.resolve("o.png").toString());
        assertEquals(130, error.exitCode(), error.all());
        assertEquals("loc-studio: Cancelled.", error.err().strip());
        cli.engine = Optional.of(folder -> {
            throw new EngineException("not a model");
        });
        cli.cancel = new studio.loc.diffusion.progress.CancellationToken();
        assertEquals(2, cli.runWithModel("apply", "-c", change.toString(), photo.toString(), "-o",
                tmp.resolve("o.png").toString()).exitCode(), "without Ctrl-C a failure is a failure");
    }
}
