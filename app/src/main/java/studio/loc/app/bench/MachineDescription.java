package studio.loc.app.bench;

import ai.djl.engine.Engine;
import ai.djl.pytorch.jni.JniUtils;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.OptionalLong;

/**
 * What a benchmark ran on, so its numbers can be read: CPU, cores, memory, operating system, JVM, the tensor
 * engine and how many threads it computes with (the largest single lever on a small CPU), the OpenMP
 * environment variables that change those threads' behaviour, and the native allocator (resident memory over a
 * long batch depends on it).
 *
 * @param properties name → value, in the order the report shows them
 */
public record MachineDescription(Map<String, String> properties) {

    private static final String UNKNOWN = "unknown";

    public MachineDescription {
        properties = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(properties));
    }

    /** This machine and process (loads the engine if it is not loaded yet). */
    public static MachineDescription current() {
        Map<String, String> p = new LinkedHashMap<>();
        String cpuinfo = read(Path.of("/proc/cpuinfo"));
        p.put("CPU", cpuModel(cpuinfo));
        p.put("Logical CPUs", logicalCpus(cpuinfo) + " in /proc/cpuinfo, " + Runtime.getRuntime().availableProcessors()
                + " available to the JVM");
        OptionalLong memory = ProcessMemory.parseKilobytes(read(Path.of("/proc/meminfo")), "MemTotal");
        p.put("RAM", memory.isPresent() ? String.format(Locale.ROOT, "%.1f GiB", memory.getAsLong() / 1073741824.0)
                : UNKNOWN);
        p.put("OS", System.getProperty("os.name") + " " + System.getProperty("os.version") + " ("
                + System.getProperty("os.arch") + ")");
        p.put("JVM", System.getProperty("java.vm.name") + " " + System.getProperty("java.runtime.version")
                + ", max heap " + Runtime.getRuntime().maxMemory() / 1048576 + " MiB");
        Engine engine = Engine.getInstance();
        p.put("Engine", "DJL " + Engine.getDjlVersion() + ", " + engine.getEngineName() + " " + engine.getVersion());
        p.put("Engine threads", threads(engine));
        p.put("OMP_NUM_THREADS", environment("OMP_NUM_THREADS"));
        p.put("OMP_WAIT_POLICY", environment("OMP_WAIT_POLICY"));
        p.put("Native allocator", allocator(System.getenv("LD_PRELOAD")));
        return new MachineDescription(p);
    }

    private static String threads(Engine engine) {
        if (!"PyTorch".equals(engine.getEngineName())) {
            return UNKNOWN + " (not the PyTorch engine)";
        }
        return JniUtils.getNumThreads() + " intra-op, " + JniUtils.getNumInteropThreads() + " inter-op";
    }

    /** jemalloc when {@code LD_PRELOAD} names it (as {@code ./loc-studio} does), else the C library's malloc. */
    static String allocator(String preload) {
        if (preload != null && preload.contains("jemalloc")) {
            return "jemalloc (LD_PRELOAD=" + preload + ")";
        }
        return "the C library's malloc" + (preload == null || preload.isBlank() ? "" : " (LD_PRELOAD=" + preload + ")");
    }

    private static String environment(String name) {
        String value = System.getenv(name);
        return value == null || value.isBlank() ? "(not set)" : value;
    }

    /** The first {@code model name} line of a cpuinfo text. */
    static String cpuModel(String cpuinfo) {
        for (String line : cpuinfo.split("\n")) {
            if (line.startsWith("model name")) {
                int colon = line.indexOf(':');
                return colon < 0 ? UNKNOWN : line.substring(colon + 1).trim();
            }
        }
        return UNKNOWN;
    }

    static int logicalCpus(String cpuinfo) {
        int count = 0;
        for (String line : cpuinfo.split("\n")) {
            if (line.startsWith("processor")) {
                count++;
            }
        }
        return count;
    }

    private static String read(Path file) {
        try {
            return Files.readString(file, StandardCharsets.US_ASCII);
        } catch (IOException | SecurityException | java.io.UncheckedIOException e) {
            return "";
        }
    }

    /** The machine as a two-column Markdown table. */
    String toMarkdown() {
        MarkdownTable table = new MarkdownTable("what", "this run");
        properties.forEach((name, value) -> table.row(name, value));
        return table.toString();
    }
}
