package studio.loc.hypernet.engine;

import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.Linker;
import java.lang.foreign.ValueLayout;
import java.lang.invoke.MethodHandle;
import java.util.Optional;

/**
 * Hands memory the C library's allocator keeps after an edit back to the operating system ({@code malloc_trim}).
 * Under glibc malloc, resident memory of a long batch kept growing: 1579 MiB after 200 photos, 2206 MiB after
 * 1,000 (docs/benchmarks.md); under jemalloc, which {@code ./loc-studio} preloads when it can but the installed
 * launchers cannot, it stayed flat. Where the C library has no {@code malloc_trim} (macOS, Windows, musl) this
 * does nothing; under a preloaded jemalloc it trims glibc's own, nearly empty heap.
 */
final class NativeMemory {

    private static final Optional<MethodHandle> MALLOC_TRIM = lookUp();

    private NativeMemory() {
    }

    /** Trims the allocator's free memory; cheap next to an edit (it walks the heap's free lists). */
    static void release() {
        if (MALLOC_TRIM.isEmpty()) {
            return;
        }
        try {
            int ignored = (int) MALLOC_TRIM.get().invokeExact(0L);
        } catch (Throwable e) {
            // an allocator that refuses to trim leaves memory as it was: nothing to report to the user
        }
    }

    private static Optional<MethodHandle> lookUp() {
        try {
            Linker linker = Linker.nativeLinker();
            return linker.defaultLookup().find("malloc_trim").map(symbol -> linker.downcallHandle(symbol,
                    FunctionDescriptor.of(ValueLayout.JAVA_INT, ValueLayout.JAVA_LONG)));
        } catch (RuntimeException | LinkageError e) {
            return Optional.empty();
        }
    }
}
