package studio.loc.hypernet.engine;

import java.util.Properties;

/**
 * How many threads PyTorch computes with, chosen before the engine starts: one, unless the user chose
 * ({@code OMP_NUM_THREADS}, or {@code -Dai.djl.pytorch.num_threads=N}, which DJL reads when the engine loads).
 *
 * <p>Why one: the bundled model's tensors are small (32×32 latents, 32–128 channels), and waking a second OpenMP
 * thread for every operation costs more than it brings. Measured on the 2-core machine with the bundled model
 * (docs/benchmarks.md), one thread against two: a UNet step 19.4 against 48.6 ms, learning a change 48 against
 * 120 ms, a 1 MP edit 287 against 367 ms, 50 refinement steps 3.9 against 10.3 s, hypernetwork training
 * 0.45 against 0.43 steps/s. A larger model on a many-core CPU may want more: set the variable.
 */
public final class EngineThreads {

    /** The system property DJL's PyTorch engine reads for its intra-op thread count. */
    public static final String PROPERTY = "ai.djl.pytorch.num_threads";

    private EngineThreads() {
    }

    /** Applies the default to this process; call before anything loads the engine. */
    public static void chooseDefault() {
        chooseDefault(System.getenv("OMP_NUM_THREADS"), System.getProperties());
    }

    static void chooseDefault(String ompNumThreads, Properties properties) {
        boolean userChose = properties.getProperty(PROPERTY) != null
                || (ompNumThreads != null && !ompNumThreads.isBlank());
        if (!userChose) {
            properties.setProperty(PROPERTY, "1");
        }
    }
}
