package studio.loc.diffusion.nn;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.convolutional.Conv2d;
import java.lang.foreign.Arena;
import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.Linker;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.SymbolLookup;
import java.lang.foreign.ValueLayout;
import java.lang.invoke.MethodHandle;
import java.util.Optional;

/**
 * Decides, once per process and before its first convolution, which kernels convolve, so that results do not
 * depend on the CPU.
 *
 * <p>Why: on CPUs with AVX-512, the oneDNN convolution kernels of PyTorch 2.5.1 (and 2.7.1) give wrong results for
 * many shapes (forward with 24 or 40 input channels, input gradients with 8, 24 or 40 output channels, strided
 * backward passes with 48), by 10–60 % of the output, against a float64 reference; libtorch picks oneDNN for any
 * batch above one or any input above 20,480 values. oneDNN's AVX2 kernels agree with the reference, and so do
 * libtorch's own (im2col + BLAS) kernels, which however took 1.4× oneDNN's time for a bundled-model UNet step at
 * batch 1–2 and 2× at batch 8 (interleaved runs, one process).
 *
 * <p>So, in order, each step checked by a probe convolution of a shape oneDNN's AVX-512 kernels get wrong (24 input
 * channels, batch 2), against the exact patch-column product:
 * <ol>
 *   <li>oneDNN held to AVX2: {@code DNNL_MAX_CPU_ISA=AVX2} is set in the process's own environment (unless the
 *       user set it), which oneDNN reads when it makes its first kernel — the library does this itself, so no
 *       launcher, test runner or Spark executor has to;</li>
 *   <li>if the probe still disagrees (oneDNN started earlier, or another fault), oneDNN convolutions are switched
 *       off, as {@code torch.backends.mkldnn.enabled = False} does, through libtorch's exported
 *       {@code at::Context::setUserEnabledMkldnn} (DJL has no call for it);</li>
 *   <li>if that is not possible either, {@link Convolutions} computes every convolution as a patch-column product.</li>
 * </ol>
 */
final class OneDnnConvolutions {

    /** Which kernels the process convolves with. */
    enum Kernels { ONEDNN_AVX2, LIBTORCH, PATCH_PRODUCT }

    private static final String GLOBAL_CONTEXT = "_ZN2at13globalContextEv";
    private static final String SET_USER_ENABLED_MKLDNN = "_ZN2at7Context20setUserEnabledMkldnnEb";
    private static final double PROBE_TOLERANCE = 1e-4;

    private static final Kernels KERNELS = choose();

    private OneDnnConvolutions() {
    }

    /** The kernels chosen for this process. */
    static Kernels kernels() {
        return KERNELS;
    }

    private static Kernels choose() {
        Engine.getInstance(); // loads libtorch (and its oneDNN), which have made no kernel yet
        capOneDnnAtAvx2();
        if (probeAgrees()) {
            return Kernels.ONEDNN_AVX2;
        }
        if (switchOneDnnOff() && probeAgrees()) {
            return Kernels.LIBTORCH;
        }
        return Kernels.PATCH_PRODUCT;
    }

    /** libtorch's convolution of a shape oneDNN's AVX-512 kernels get wrong, against the exact product. */
    private static boolean probeAgrees() {
        try (NDManager manager = NDManager.newBaseManager()) {
            NDArray x = manager.arange(0f, 2 * 24 * 8 * 8).mul(0.37f).sin().reshape(2, 24, 8, 8);
            NDArray w = manager.arange(0f, 8 * 24 * 3 * 3).mul(0.61f).cos().reshape(8, 24, 3, 3);
            NDArray fast = Conv2d.conv2d(x, w, null, new Shape(1, 1), new Shape(1, 1), new Shape(1, 1), 1)
                    .singletonOrThrow();
            NDArray exact = Convolutions.patchProduct(x, w, null, 1, 1);
            double scale = exact.abs().max().getFloat();
            return fast.sub(exact).abs().max().getFloat() <= PROBE_TOLERANCE * scale;
        }
    }

    private static void capOneDnnAtAvx2() {
        Linker linker = Linker.nativeLinker();
        Optional<MemorySegment> setenv = linker.defaultLookup().find("setenv");
        if (setenv.isEmpty()) {
            return; // no POSIX setenv (Windows): the probe decides what follows
        }
        MethodHandle call = linker.downcallHandle(setenv.get(), FunctionDescriptor.of(ValueLayout.JAVA_INT,
                ValueLayout.ADDRESS, ValueLayout.ADDRESS, ValueLayout.JAVA_INT));
        try (Arena arena = Arena.ofConfined()) {
            int ignored = (int) call.invokeExact(arena.allocateFrom("DNNL_MAX_CPU_ISA"), arena.allocateFrom("AVX2"),
                    0);
        } catch (VirtualMachineError e) {
            throw e;
        } catch (Throwable e) {
            // The environment stays as it was; the probe decides what follows.
        }
    }

    private static boolean switchOneDnnOff() {
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
            return false; // no usable symbol or no native access
        }
    }
}
