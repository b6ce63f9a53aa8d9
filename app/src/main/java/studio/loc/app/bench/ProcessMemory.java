package studio.loc.app.bench;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.OptionalLong;

/**
 * This process's resident memory as Linux reports it in {@code /proc/self/status}: the current resident set
 * (VmRSS) and its high-water mark (VmHWM). These include native memory (PyTorch, OpenCV), which the JVM's own
 * counters do not see. Elsewhere the values are empty and the report says so.
 */
final class ProcessMemory {

    private static final Path STATUS = Path.of("/proc/self/status");
    private static final Path CLEAR_REFS = Path.of("/proc/self/clear_refs");

    private ProcessMemory() {
    }

    /** Resident set size now, in bytes. */
    static OptionalLong resident() {
        return field("VmRSS");
    }

    /** The most resident memory this process has had (since the start or the last {@link #resetPeak}), bytes. */
    static OptionalLong peak() {
        return field("VmHWM");
    }

    /**
     * Restarts the high-water mark at the current resident size (Linux ≥ 4.0: writing 5 to clear_refs), so the
     * peak of one phase is not the peak of everything before it.
     *
     * @return false when this system does not allow it; the peak then covers the whole process
     */
    static boolean resetPeak() {
        try {
            Files.writeString(CLEAR_REFS, "5", StandardCharsets.US_ASCII);
            return true;
        } catch (IOException | UnsupportedOperationException | SecurityException e) {
            return false;
        }
    }

    private static OptionalLong field(String name) {
        try {
            return parseKilobytes(Files.readString(STATUS, StandardCharsets.US_ASCII), name);
        } catch (IOException | SecurityException e) {
            return OptionalLong.empty();
        }
    }

    /** The value of a {@code Name:   1234 kB} line, in bytes. */
    static OptionalLong parseKilobytes(String text, String name) {
        for (String line : text.split("\n")) {
            if (line.startsWith(name + ":")) {
                String[] parts = line.substring(name.length() + 1).trim().split("\\s+");
                try {
                    return OptionalLong.of(Long.parseLong(parts[0]) * 1024);
                } catch (NumberFormatException e) {
                    return OptionalLong.empty();
                }
            }
        }
        return OptionalLong.empty();
    }
}
