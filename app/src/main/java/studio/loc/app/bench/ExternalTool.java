package studio.loc.app.bench;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * A program the full-resolution bench compares with (FFmpeg, ImageMagick), found on the PATH by running it with
 * its version option: absent or broken tools are skipped with a message, not an error.
 *
 * @param name how the report names it
 * @param command the executable and any leading arguments
 */
record ExternalTool(String name, List<String> command) {

    /** Longest a single run may take: a 45-MP 16-bit TIFF through ImageMagick takes tens of seconds. */
    private static final long TIMEOUT_SECONDS = 600;

    /** FFmpeg as {@code executable} (a name on the PATH or a path), if its {@code -version} says FFmpeg. */
    static Optional<ExternalTool> ffmpeg(String executable) {
        return probe("FFmpeg", List.of(executable), List.of("-version"), "ffmpeg version");
    }

    /**
     * ImageMagick as {@code executable}, or when that is null ImageMagick 7's {@code magick} or else 6's
     * {@code convert}, if its version line says ImageMagick.
     */
    static Optional<ExternalTool> imageMagick(String executable) {
        if (executable != null) {
            return probe("ImageMagick", List.of(executable), List.of("-version"), "ImageMagick");
        }
        Optional<ExternalTool> seven = probe("ImageMagick", List.of("magick"), List.of("-version"), "ImageMagick");
        return seven.isPresent() ? seven
                : probe("ImageMagick", List.of("convert"), List.of("-version"), "ImageMagick");
    }

    private static Optional<ExternalTool> probe(String name, List<String> command, List<String> versionArgs,
                                                String expected) {
        try {
            String output = run(concat(command, versionArgs), true);
            return output.contains(expected) ? Optional.of(new ExternalTool(name, command)) : Optional.empty();
        } catch (IOException e) {
            return Optional.empty();
        }
    }

    /** The first line of the tool's version text, for the report. */
    String version() {
        try {
            String text = run(concat(command, List.of("-version")), true);
            String first = text.lines().findFirst().orElse("");
            return first.length() > 100 ? first.substring(0, 100) : first;
        } catch (IOException e) {
            return name;
        }
    }

    /** Runs the tool with {@code args} to completion; returns its wall time in nanoseconds. */
    long time(List<String> args) throws IOException {
        long start = System.nanoTime();
        run(concat(command, args), false);
        return System.nanoTime() - start;
    }

    private static List<String> concat(List<String> a, List<String> b) {
        List<String> all = new ArrayList<>(a);
        all.addAll(b);
        return all;
    }

    /** Runs a command; its output (when kept) or else nothing; stderr's tail in the error when it fails. */
    private static String run(List<String> command, boolean keepOutput) throws IOException {
        Path log = Files.createTempFile("loc-bench-tool", ".log");
        try {
            ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true)
                    .redirectOutput(log.toFile());
            Process process = builder.start();
            process.getOutputStream().close();
            boolean finished = process.waitFor(TIMEOUT_SECONDS, TimeUnit.SECONDS);
            if (!finished) {
                process.destroyForcibly();
                throw new IOException(String.join(" ", command) + " took longer than " + TIMEOUT_SECONDS + " s");
            }
            String output = Files.readString(log, StandardCharsets.UTF_8);
            if (process.exitValue() != 0) {
                String tail = output.length() > 400 ? output.substring(output.length() - 400) : output;
                throw new IOException(String.join(" ", command) + " failed (exit " + process.exitValue() + "): "
                        + tail.strip());
            }
            return keepOutput ? output : "";
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while running " + command.getFirst(), e);
        } finally {
            Files.deleteIfExists(log);
        }
    }
}
