package studio.loc.hypernet.net;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.GradientCollector;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;
import studio.loc.diffusion.lora.LoraSet;
import studio.loc.diffusion.lora.LoraSlot;

/**
 * Times one forward pass of the default H (what "learning a change" costs) on a slot list shaped like a small
 * 3-level UNet. A benchmark, not a test: run with {@code -Dloc.bench=true -Dtest=HypernetForwardBenchmark}.
 */
@EnabledIfSystemProperty(named = "loc.bench", matches = "true")
class HypernetForwardBenchmark {

    /** Res blocks (two 3×3 convs) per level, attention (q/k/v/out) on the lower levels, like the bundled UNet. */
    static List<LoraSlot> smallUnetSlots() {
        int[] channels = {64, 128, 128};
        List<LoraSlot> slots = new ArrayList<>();
        int previous = 64;
        for (int level = 0; level < channels.length; level++) {
            int c = channels[level];
            slots.add(LoraSlot.conv("down." + level + ".res.conv1", previous, c, 3));
            slots.add(LoraSlot.conv("down." + level + ".res.conv2", c, c, 3));
            if (level > 0) {
                for (String p : new String[] {"q", "k", "v", "out"}) {
                    slots.add(LoraSlot.linear("down." + level + ".attn." + p, c, c));
                }
            }
            previous = c;
        }
        for (String p : new String[] {"q", "k", "v", "out"}) {
            slots.add(LoraSlot.linear("mid.attn." + p, 128, 128));
        }
        for (int level = channels.length - 1; level >= 0; level--) {
            int c = channels[level];
            slots.add(LoraSlot.conv("up." + level + ".res.conv1", 2 * c, c, 3));
            slots.add(LoraSlot.conv("up." + level + ".res.conv2", c, c, 3));
            if (level > 0) {
                for (String p : new String[] {"q", "k", "v", "out"}) {
                    slots.add(LoraSlot.linear("up." + level + ".attn." + p, c, c));
                }
            }
        }
        return slots;
    }

    @Test
    void defaultConfigForward() {
        HypernetConfig config = HypernetConfig.defaultConfig();
        List<LoraSlot> slots = smallUnetSlots();
        try (NDManager m = NDManager.newBaseManager(); LocHypernetwork h = LocHypernetwork.create(m, config, slots, 1)) {
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
