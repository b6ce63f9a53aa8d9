package studio.loc.app;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code -q} keeps what native libraries write to stderr off the terminal, and nothing of the program's own. */
class QuietNativeOutputTest {

    @TempDir
    Path tmp;

    private String stderrOfApply(Path change, Path model, Path in, String... options) throws Exception {
        Path err = tmp.resolve("err-" + options.length + ".txt");
        List<String> command = new java.util.ArrayList<>(List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-cp",
                System.getProperty("java.class.path"), "--enable-native-access=ALL-UNNAMED",
                SlowBatchMain.class.getName(), "0", "apply", "--model", model.toString(), "--change",
                change.toString()));
        command.addAll(List.of(options));
        command.addAll(List.of(in.toString(), "-o", tmp.resolve("out-" + options.length).toString()));
        Process child = new ProcessBuilder(command).redirectOutput(tmp.resolve("out.txt").toFile())
                .redirectError(err.toFile()).start();
        assertTrue(child.waitFor(60, TimeUnit.SECONDS));
        assertEquals(1, child.exitValue(), Files.readString(err));
        return Files.readString(err);
    }

    @Test
    void quietDropsLibpngChatterButKeepsTheFailureList() throws Exception {
        CliHarness cli = new CliHarness(tmp);
        Path before = CliHarness.photo(tmp.resolve("pair/before.png"), 16, 16);
        Path after = CliHarness.warmer(before, tmp.resolve("pair/after.png"));
        Path change = tmp.resolve("c.loc.safetensors");
        assertEquals(0, cli.runWithModel("learn", "--before", before.toString(), "--after", after.toString(), "-o",
                change.toString()).exitCode());
        Path in = tmp.resolve("in");
        CliHarness.photo(in.resolve("a.png"), 64, 64);
        byte[] whole = Files.readAllBytes(in.resolve("a.png"));
        Files.write(in.resolve("cut.png"), java.util.Arrays.copyOf(whole, whole.length / 2));

        String loud = stderrOfApply(change, cli.model, in);
        assertTrue(loud.contains("libpng error"), "the cut PNG makes libpng talk without -q: " + loud);

        String quiet = stderrOfApply(change, cli.model, in, "-q");
        assertFalse(quiet.contains("libpng"), quiet);
        assertTrue(quiet.contains("1 photo could not be edited:") && quiet.contains("cut.png"), quiet);
    }

    @Test
    void nativeLogLinesAreToldApartFromTheProgramsOwn() {
        assertTrue(studio.loc.app.cli.NativeNoiseFilterAccess.isNoise("[W1204 20:35:19.916813875 NNPACK.cpp:61] "
                + "Could not initialize NNPACK! Reason: Unsupported hardware.\n"));
        assertTrue(studio.loc.app.cli.NativeNoiseFilterAccess.isNoise("libpng warning: iCCP: known incorrect sRGB"));
        assertTrue(studio.loc.app.cli.NativeNoiseFilterAccess.isNoise("libpng error: PNG input buffer is incomplete"));
        assertFalse(studio.loc.app.cli.NativeNoiseFilterAccess.isNoise("  /in/cut.png: libpng error in the file\n"));
        assertFalse(studio.loc.app.cli.NativeNoiseFilterAccess.isNoise("1 photo could not be edited:\n"));
    }
}
