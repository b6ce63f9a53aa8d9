package studio.loc.hypernet.net;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;
import studio.loc.diffusion.lora.LoraSet;
import studio.loc.diffusion.lora.LoraSlot;
import studio.loc.diffusion.nn.ParameterStore;
import studio.loc.diffusion.unet.UNet;
import studio.loc.diffusion.unet.UNetConfig;

/**
 * Times one forward pass of the default H (what "learning a change" costs) on a slot list of the bundled UNet. A benchmark, not a test: run with {@code -Dloc.bench=true -Dtest=HypernetForwardBenchmark}.
 */
@EnabledIfSystemProperty(named = "loc.bench", matches = "true")
class HypernetForwardBenchmark {

    /** The slots of the bundled model's UNet ({@link UNetConfig#defaultConfig()}). */
    static List<LoraSlot> defaultUnetSlots(NDManager manager) {
        try (ParameterStore store = new ParameterStore(manager, 0)) {
            return new UNet(UNetConfig.defaultConfig(), store).slots();
        }
    }

    @Test
    void defaultConfigForward() {
        HypernetConfig config = HypernetConfig.defaultConfig();
        try (NDManager m = NDManager.newBaseManager()) {
            List<LoraSlot> slots = defaultUnetSlots(m);
            LocHypernetwork h = LocHypernetwork.create(m, config, slots, 1);
            NDArray a = m.randomUniform(-1, 1, new Shape(1, 3, config.imageSize(), config.imageSize()));
            NDArray b = a.mul(0.8f);
            long[] times = new long[21];
            for (int i = -5; i < times.length; i++) {
                try (NDManager step = m.newSubManager()) {
                    NDArray sa = a.duplicate();
                    NDArray sb = b.duplicate();
                    sa.attach(step);
                    sb.attach(step);
                    long t0 = System.nanoTime();
                    LoraSet lora = h.forward(sa, sb);
                    lora.get(slots.getLast().name()).up().toFloatArray(); // force completion
                    if (i >= 0) {
                        times[i] = System.nanoTime() - t0;
                    }
                }
            }
            Arrays.sort(times);
            System.out.printf("H default config: %d slots, %,d parameters, forward median %.1f ms (min %.1f, max %.1f)%n",
                    slots.size(), h.parameters().count(), times[times.length / 2] / 1e6, times[0] / 1e6,
                    times[times.length - 1] / 1e6);
        }
    }
}
