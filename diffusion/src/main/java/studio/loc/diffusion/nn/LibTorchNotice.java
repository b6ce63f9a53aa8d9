package studio.loc.diffusion.nn;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import java.lang.foreign.Arena;
import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.Linker;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.SymbolLookup;
import java.lang.foreign.ValueLayout;
import java.lang.invoke.MethodHandle;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Keeps libtorch's "Warning: AutoNonVariableTypeMode is deprecated …" off the user's terminal. DJL 0.32's JNI sets
 * an array's values under that guard, and libtorch prints the 400-character notice (TORCH_WARN_ONCE, straight to
 * file descriptor 2; {@code TORCH_CPP_LOG_LEVEL} does not silence it) the first time any process does so: before
 * the output of every command. It tells a user nothing, so the process's first set is made here on a scratch
 * array with descriptor 2 pointed at /dev/null for that one call.
 *
 * <p>Where the C library has no {@code dup}/{@code dup2}/{@code fopen} (Windows), nothing is redirected and the
 * notice is printed as before. Nothing else can be lost: the window is one native call on a two-element array.
 */
final class LibTorchNotice {

    private static final AtomicBoolean ABSORBED = new AtomicBoolean();
    private static final int STDERR = 2;

    private LibTorchNotice() {
    }

    /** Makes the process's first array set quietly; later calls return at once. */
    static void absorbOnce(NDManager manager) {
        if (!ABSORBED.compareAndSet(false, true)) {
            return;
        }
        try (NDManager scratch = manager.newSubManager()) {
            NDArray array = scratch.zeros(new Shape(2));
            Runnable firstSet = () -> array.set(new float[] {0f, 0f});
            if (!Posix.AVAILABLE || !Posix.withStderrDiscarded(firstSet)) {
                firstSet.run();
            }
        }
    }

    /** The few libc calls that point descriptor 2 elsewhere and back. */
    private static final class Posix {
        private static final Linker LINKER = Linker.nativeLinker();
        private static final SymbolLookup LIBC = LINKER.defaultLookup();
        private static final MethodHandle DUP = handle("dup",
                FunctionDescriptor.of(ValueLayout.JAVA_INT, ValueLayout.JAVA_INT));
        private static final MethodHandle DUP2 = handle("dup2",
                FunctionDescriptor.of(ValueLayout.JAVA_INT, ValueLayout.JAVA_INT, ValueLayout.JAVA_INT));
        private static final MethodHandle CLOSE = handle("close",
                FunctionDescriptor.of(ValueLayout.JAVA_INT, ValueLayout.JAVA_INT));
        private static final MethodHandle FOPEN = handle("fopen",
                FunctionDescriptor.of(ValueLayout.ADDRESS, ValueLayout.ADDRESS, ValueLayout.ADDRESS));
        private static final MethodHandle FILENO = handle("fileno",
                FunctionDescriptor.of(ValueLayout.JAVA_INT, ValueLayout.ADDRESS));
        private static final MethodHandle FCLOSE = handle("fclose",
                FunctionDescriptor.of(ValueLayout.JAVA_INT, ValueLayout.ADDRESS));
        static final boolean AVAILABLE = DUP != null && DUP2 != null && CLOSE != null && FOPEN != null
                && FILENO != null && FCLOSE != null;

        private static MethodHandle handle(String name, FunctionDescriptor descriptor) {
            try {
                return LIBC.find(name).map(symbol -> LINKER.downcallHandle(symbol, descriptor)).orElse(null);
            } catch (RuntimeException | LinkageError e) {
                return null;
            }
        }

        /** Runs {@code action} with descriptor 2 on /dev/null; false (and nothing run) if it cannot redirect. */
        static boolean withStderrDiscarded(Runnable action) {
            System.err.flush();
            try (Arena arena = Arena.ofConfined()) {
                MemorySegment nullDevice = (MemorySegment) FOPEN.invokeExact(arena.allocateFrom("/dev/null"),
                        arena.allocateFrom("w"));
                if (nullDevice.equals(MemorySegment.NULL)) {
                    return false;
                }
                int saved = (int) DUP.invokeExact(STDERR);
                if (saved < 0) {
                    int ignored = (int) FCLOSE.invokeExact(nullDevice);
                    return false;
                }
                int redirected = (int) DUP2.invokeExact((int) FILENO.invokeExact(nullDevice), STDERR);
                try {
                    if (redirected >= 0) {
                        action.run();
                    }
                } finally {
                    int restored = (int) DUP2.invokeExact(saved, STDERR);
                    int closedSaved = (int) CLOSE.invokeExact(saved);
                    int closedNull = (int) FCLOSE.invokeExact(nullDevice);
                }
                return redirected >= 0;
            } catch (RuntimeException | Error e) {
                throw e;
            } catch (Throwable e) {
                return false;
            }
        }
    }
}
