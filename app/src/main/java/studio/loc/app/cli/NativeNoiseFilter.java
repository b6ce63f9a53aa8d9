package studio.loc.app.cli;

import java.io.ByteArrayOutputStream;
import java.lang.foreign.Arena;
import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.Linker;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.lang.invoke.MethodHandle;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.TimeUnit;

/**
 * Keeps the native libraries' chatter off the terminal for {@code -q}: libpng ("libpng warning: iCCP: known
 * incorrect sRGB profile"), libtorch ("Could not initialize NNPACK!") and OpenCV write straight to file descriptor
 * 2, past Java. While active, descriptor 2 is a pipe; a thread passes every line on to the real stderr except those
 * that come from these libraries, so the program's own messages are unchanged. On platforms without POSIX file
 * descriptors (Windows) it does nothing.
 */
public final class NativeNoiseFilter {

    /** Line beginnings (after an optional "[W1204 20:35:19.91 NNPACK.cpp:61] " log prefix) that are native noise. */
    private static final List<String> NOISE = List.of("libpng warning:", "libpng error:",
            "Could not initialize NNPACK!", "[ WARN:", "[ERROR:", "libjpeg", "TIFFReadDirectory:",
            "TIFFFetchNormalTag:");
    private static final int STDERR = 2;
    private static final int MAX_READ_FAILURES = 1000;
    private static volatile boolean active;
    private static volatile boolean allowed;

    private NativeNoiseFilter() {
    }

    /** True for a line one of the native libraries wrote. */
    static boolean isNoise(String line) {
        String text = line.strip();
        if (text.startsWith("[") && text.length() > 2 && "WEIF".indexOf(text.charAt(1)) >= 0
                && Character.isDigit(text.charAt(2)) && text.indexOf("] ") > 0) {
            text = text.substring(text.indexOf("] ") + 2); // libtorch's glog-style prefix
        }
        for (String noise : NOISE) {
            if (text.startsWith(noise)) {
                return true;
            }
        }
        return false;
    }

    /**
     * Lets {@link #activate} work in this process: only a real command-line process owns its descriptor 2 (an
     * embedding test runner or window does not).
     */
    public static void allowInThisProcess() {
        allowed = true;
    }

    /** Starts filtering descriptor 2 for the rest of the process; a second call does nothing. */
    static synchronized void activate() {
        if (!allowed || active || System.getProperty("os.name", "").toLowerCase(Locale.ROOT).contains("win")) {
            return;
        }
        try {
            Libc libc = new Libc();
            int realStderr = libc.dup(STDERR);
            int[] pipe = libc.pipe();
            if (realStderr < 0 || pipe == null || libc.dup2(pipe[1], STDERR) < 0) {
                return;
            }
            Thread pump = Thread.ofPlatform().daemon().name("loc-native-stderr")
                    .unstarted(() -> pump(libc, pipe[0], realStderr));
            pump.start();
            active = true;
            Runtime.getRuntime().addShutdownHook(new Thread(() -> {
                // the real stderr back on 2 and the pipe closed: the pump writes what is left and ends
                libc.dup2(realStderr, STDERR);
                libc.close(pipe[1]);
                try {
                    pump.join(TimeUnit.SECONDS.toMillis(2));
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }, "loc-native-stderr-drain"));
        } catch (Throwable e) {
            // no native access (or shutting down already): the chatter stays, nothing else changes
        }
    }

    private static void pump(Libc libc, int from, int to) {
        ByteArrayOutputStream line = new ByteArrayOutputStream();
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment buffer = arena.allocate(8192);
            int failures = 0;
            while (failures < MAX_READ_FAILURES) {
                long read = libc.read(from, buffer);
                if (read == 0) {
                    break; // every writer closed: the process is ending
                }
                if (read < 0) {
                    failures++; // interrupted by a signal
                    continue;
                }
                failures = 0;
                for (byte b : buffer.asSlice(0, read).toArray(ValueLayout.JAVA_BYTE)) {
                    line.write(b);
                    if (b == '\n' || b == '\r') {
                        passOn(libc, line, to);
                    }
                }
            }
            passOn(libc, line, to);
        } catch (Throwable e) {
            // fall through: stderr must never block on a pipe nobody reads
        } finally {
            libc.dup2(to, STDERR);
        }
    }

    private static void passOn(Libc libc, ByteArrayOutputStream line, int to) throws Throwable {
        byte[] bytes = line.toByteArray();
        line.reset();
        if (bytes.length > 0 && !isNoise(new String(bytes, StandardCharsets.UTF_8))) {
            try (Arena arena = Arena.ofConfined()) {
                libc.write(to, arena.allocateFrom(ValueLayout.JAVA_BYTE, bytes));
            }
        }
    }

    /** The few POSIX calls needed, through the foreign-function API. */
    private static final class Libc {
        private final MethodHandle dup;
        private final MethodHandle dup2;
        private final MethodHandle pipe;
        private final MethodHandle close;
        private final MethodHandle read;
        private final MethodHandle write;

        Libc() {
            Linker linker = Linker.nativeLinker();
            var lookup = linker.defaultLookup();
            dup = linker.downcallHandle(lookup.findOrThrow("dup"),
                    FunctionDescriptor.of(ValueLayout.JAVA_INT, ValueLayout.JAVA_INT));
            dup2 = linker.downcallHandle(lookup.findOrThrow("dup2"),
                    FunctionDescriptor.of(ValueLayout.JAVA_INT, ValueLayout.JAVA_INT, ValueLayout.JAVA_INT));
            pipe = linker.downcallHandle(lookup.findOrThrow("pipe"),
                    FunctionDescriptor.of(ValueLayout.JAVA_INT, ValueLayout.ADDRESS));
            close = linker.downcallHandle(lookup.findOrThrow("close"),
                    FunctionDescriptor.of(ValueLayout.JAVA_INT, ValueLayout.JAVA_INT));
            read = linker.downcallHandle(lookup.findOrThrow("read"), FunctionDescriptor.of(ValueLayout.JAVA_LONG,
                    ValueLayout.JAVA_INT, ValueLayout.ADDRESS, ValueLayout.JAVA_LONG));
            write = linker.downcallHandle(lookup.findOrThrow("write"), FunctionDescriptor.of(ValueLayout.JAVA_LONG,
                    ValueLayout.JAVA_INT, ValueLayout.ADDRESS, ValueLayout.JAVA_LONG));
        }

        int dup(int fd) throws Throwable {
            return (int) dup.invokeExact(fd);
        }

        int dup2(int from, int to) {
            try {
                return (int) dup2.invokeExact(from, to);
            } catch (Throwable e) {
                return -1;
            }
        }

        int[] pipe() throws Throwable {
            try (Arena arena = Arena.ofConfined()) {
                MemorySegment fds = arena.allocate(ValueLayout.JAVA_INT, 2);
                if ((int) pipe.invokeExact(fds) != 0) {
                    return null;
                }
                return new int[] {fds.getAtIndex(ValueLayout.JAVA_INT, 0), fds.getAtIndex(ValueLayout.JAVA_INT, 1)};
            }
        }

        void close(int fd) {
            try {
                int ignored = (int) close.invokeExact(fd);
            } catch (Throwable e) {
                // nothing to do: the process is ending
            }
        }

        long read(int fd, MemorySegment buffer) throws Throwable {
            return (long) read.invokeExact(fd, buffer, buffer.byteSize());
        }

        void write(int fd, MemorySegment bytes) throws Throwable {
            long offset = 0;
            while (offset < bytes.byteSize()) {
                long written = (long) write.invokeExact(fd, bytes.asSlice(offset), bytes.byteSize() - offset);
                if (written <= 0) {
                    return;
                }
                offset += written;
            }
        }
    }
}
