package studio.loc.diffusion.image.metadata;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** A command-line tool a test compares against (exiftool, ffmpeg, ImageMagick); tests skip when it is missing. */
public final class ExternalTool {

    private ExternalTool() {
    }

    /** Skips the calling test unless {@code command} runs and its output contains {@code expected}. */
    public static void assumeAvailable(String expected, String... command) {
        String output;
        try {
            output = run(List.of(command));
        } catch (IOException e) {
            output = "";
        }
        assumeTrue(output.contains(expected), () -> String.join(" ", command) + " is not installed (.ci/run installs"
                + " it with apt-get)");
    }

    /** Runs {@code command}; its standard output and error, or an IOException naming the failure. */
    public static String run(List<String> command) throws IOException {
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        process.getOutputStream().close();
        byte[] output = process.getInputStream().readAllBytes();
        try {
            if (!process.waitFor(120, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                throw new IOException(command.get(0) + " did not finish in 120 s");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted", e);
        }
        String text = new String(output, StandardCharsets.UTF_8);
        if (process.exitValue() != 0) {
            throw new IOException(String.join(" ", command) + " failed (" + process.exitValue() + "): " + text);
        }
        return text;
    }
}
