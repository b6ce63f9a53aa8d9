package studio.loc.diffusion.nn;

import ai.djl.engine.Engine;
import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.Linker;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.SymbolLookup;
import java.lang.foreign.ValueLayout;
import java.lang.invoke.MethodHandle;
import java.util.Optional;

/**
 * Turns off libtorch's oneDNN (MKL-DNN) convolutions for the process — what {@code torch.backends.mkldnn.enabled
 * = False} does in Python — so that convolutions run on libtorch's own im2col + BLAS kernels.
 *
 * <p>Why: on CPUs with AVX-512, the oneDNN convolution kernels in PyTorch 2.5.1 (and 2.7.1) give wrong results for
 * many shapes (forward with 24 or 40 input channels, input gradients with 8, 24 or 40 output channels, strided
 * backward passes with 48), by 10–60 % of the output, against a float64 reference; libtorch picks them for any batch
 * above one or any input above 20,480 values, so training, refinement and evaluation computed other numbers there.
 * libtorch's own kernels agree with the reference on every CPU tried. They cost speed: a UNet step of the bundled
 * model took 1.4 times oneDNN's time at batch 1–2 and 2 times at batch 8 (interleaved runs in one process). Holding
 * oneDNN to AVX2 instead (DNNL_MAX_CPU_ISA set from inside the process) kept its speed and its forward results
 * right, but a per-pair optimisation test stopped learning under it, so it is not used.
 * DJL has no call for this switch, so it is made through libtorch's exported C++ symbols ({@code
 * at::globalContext()}, {@code at::Context::setUserEnabledMkldnn(bool)}, Itanium names). The library makes the
 * switch itself, before its first convolution, so no launcher, test runner or Spark executor has to set anything.
 * Where the symbols are not found (another C++ ABI, another libtorch build), {@link #disabled()} is false and
 * {@link Convolutions} computes convolutions as patch columns times a matrix instead, which is exact too.
 */
final class OneDnnConvolutions {

    private static final String GLOBAL_CONTEXT = "_ZN2at13globalContextEv";
    private static final String SET_USER_ENABLED_MKLDNN = "_ZN2at7Context20setUserEnabledMkldnnEb";

    private static final boolean DISABLED = disable();

    private OneDnnConvolutions() {
    }

    /** True once libtorch's oneDNN convolutions are off for this process; false if the switch could not be made. */
    static boolean disabled() {
        return DISABLED;
    }

    private static boolean disable() {
        Engine.getInstance(); // loads libtorch, whose symbols are looked up below
        try {
            Linker linker = Linker.nativeLinker();
            SymbolLookup loaded = SymbolLookup.loaderLookup();
            Optional<MemorySegment> context = loaded.find(GLOBAL_CONTEXT);
            Optional<MemorySegment> setter = loaded.find(SET_USER_ENABLED_MKLDNN);
            if (context.isEmpty() || setter.isEmpty()) {
                return false;
            }
            MethodHandle globalContext = linker.downcallHandle(context.get(),
                    FunctionDescriptor.of(ValueLayout.ADDRESS));
            MethodHandle setUserEnabledMkldnn = linker.downcallHandle(setter.get(),
                    FunctionDescriptor.ofVoid(ValueLayout.ADDRESS, ValueLayout.JAVA_BOOLEAN));
            MemorySegment instance = (MemorySegment) globalContext.invokeExact();
            setUserEnabledMkldnn.invokeExact(instance, false);
            return true;
        } catch (VirtualMachineError e) {
            throw e;
        } catch (Throwable e) {
            // No usable symbol or no native access: the exact fallback in Convolutions takes over.
            return false;
        }
    }
}
