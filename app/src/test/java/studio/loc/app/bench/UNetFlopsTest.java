package studio.loc.app.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import studio.loc.diffusion.lora.LoraContext;
import studio.loc.diffusion.lora.LoraSlot;
import studio.loc.diffusion.lora.SlotKind;
import studio.loc.diffusion.nn.ParameterStore;
import studio.loc.diffusion.unet.UNet;
import studio.loc.diffusion.unet.UNetConfig;

class UNetFlopsTest {

    /** One level of 2 channels, a 1-channel 2×2 latent, no attention but the middle block's: counted by hand. */
    @Test
    void aOneLevelNetworkCountsAsByHand() {
        UNetConfig config = new UNetConfig(1, List.of(2), 1, List.of(), 1, 2, 1);
        long pixels = 2 * 2;
        long time = 2 * 2 + 2 * 2;                                   // sinusoid 2 -> 2 -> 2
        long convIn = 2 * 2 * 9 * pixels;                            // noisy ⊕ query: 2 -> 2
        long block = 2 * 2 * 9 * pixels + 2 * 2 + 2 * 2 * 9 * pixels; // conv1, time projection, conv2
        long attention = 4 * (pixels * 2 * 2) + 2 * (pixels * pixels * 2);
        // decoder blocks see 2 + 2 skip channels: conv1 4 -> 2, time, conv2, 1×1 skip 4 -> 2
        long upBlock = 4 * 2 * 9 * pixels + 2 * 2 + 2 * 2 * 9 * pixels + 4 * 2 * pixels;
        long out = 2 * 9 * pixels;
        long multiplyAdds = time + convIn + block + (block + attention + block) + 2 * upBlock + out;

        FlopCount count = UNetFlops.count(config, 2, 2);

        assertEquals(2 * multiplyAdds, count.total());
        assertEquals(4328, count.total());
        assertEquals(2 * 2 * pixels * pixels * 2, count.total(FlopCount.Kind.ATTENTION_MATMUL));
        assertEquals(2 * (time + 5 * 2 * 2 + 4 * pixels * 2 * 2), count.total(FlopCount.Kind.LINEAR));
    }

    /** Two levels, attention on the lower one, a 4×4 latent: down- and upsampling and skip widths, by hand. */
    @Test
    void aTwoLevelNetworkCountsAsByHand() {
        UNetConfig config = new UNetConfig(1, List.of(2, 4), 1, List.of(1), 1, 2, 1);
        long hi = 16;   // 4×4
        long lo = 4;    // 2×2
        long time = 8;
        long convIn = 2 * 2 * 9 * hi;
        long down0 = (2 * 2 * 9 * hi + 4 + 2 * 2 * 9 * hi) + 2 * 2 * 9 * lo;     // block, stride-2 conv
        long attention = 4 * (lo * 4 * 4) + 2 * (lo * lo * 4);
        long down1 = (2 * 4 * 9 * lo + 8 + 4 * 4 * 9 * lo + 2 * 4 * lo) + attention; // 2 -> 4 with a 1×1 skip
        long midBlock = 4 * 4 * 9 * lo + 8 + 4 * 4 * 9 * lo;
        long mid = midBlock + attention + midBlock;
        long up0 = (8 * 4 * 9 * lo + 8 + 4 * 4 * 9 * lo + 8 * 4 * lo) + attention    // 4 + skip 4
                + (6 * 4 * 9 * lo + 8 + 4 * 4 * 9 * lo + 6 * 4 * lo) + attention     // 4 + skip 2
                + 4 * 4 * 9 * hi;                                                // upsample conv at 4×4
        long up1 = (6 * 2 * 9 * hi + 4 + 2 * 2 * 9 * hi + 6 * 2 * hi)               // 4 + skip 2
                + (4 * 2 * 9 * hi + 4 + 2 * 2 * 9 * hi + 4 * 2 * hi);               // 2 + skip 2 (conv_in)
        long out = 2 * 9 * hi;

        FlopCount count = UNetFlops.count(config, 4, 4);

        assertEquals(2 * (time + convIn + down0 + down1 + mid + up0 + up1 + out), count.total());
        assertEquals(34008, count.total());
        assertEquals(2 * (2 * 2 * 9 * lo), count.layer("down.0.downsample").orElseThrow().flops());
        assertEquals(2 * 4 * 4 * 9 * hi, count.layer("up.0.upsample").orElseThrow().flops());
    }

    /**
     * Every LoRA slot of the real networks sees the input the count assumes: the layers report their inputs
     * through the LoRA context during a forward pass, and a layer's FLOPs follow from its input and slot.
     */
    @Test
    void everySlottedLayerMatchesTheShapesTheRealNetworkRunsAt() {
        for (UNetConfig config : List.of(UNetConfig.tiny(), UNetConfig.defaultConfig())) {
            int side = 16;
            Map<String, Long> observed = new LinkedHashMap<>();
            try (NDManager manager = NDManager.newBaseManager();
                 ParameterStore store = new ParameterStore(manager, 1)) {
                UNet unet = new UNet(config, store);
                LoraContext recorder = (slot, input) -> {
                    observed.put(slot.name(), flopsOf(slot, input));
                    return null;
                };
                Shape shape = new Shape(1, config.latentChannels(), side, side);
                unet.predictNoise(manager.zeros(shape), manager.zeros(shape), manager.create(new float[] {10}),
                        recorder);
                FlopCount count = UNetFlops.count(config, side, side);
                assertEquals(unet.slots().size(), observed.size(), "every slot ran once");
                observed.forEach((name, flops) -> assertEquals(flops,
                        count.layer(name).orElseThrow(() -> new AssertionError("not counted: " + name)).flops(),
                        config + " " + name));
            }
        }
    }

    @Test
    void aLatentTheNetworkCannotTakeIsRefused() {
        assertThrows(IllegalArgumentException.class, () -> UNetFlops.count(UNetConfig.defaultConfig(), 30, 32));
        assertThrows(IllegalArgumentException.class, () -> UNetFlops.count(UNetConfig.tiny(), 0, 0));
    }

    /** The FLOPs of a stride-1 "same" conv or a linear layer, from what it received. */
    private static long flopsOf(LoraSlot slot, NDArray input) {
        Shape s = input.getShape();
        if (slot.kind() == SlotKind.CONV) {
            return 2L * slot.in() * slot.out() * slot.kernel() * slot.kernel() * s.get(2) * s.get(3);
        }
        long tokens = s.size() / slot.in();
        return 2L * tokens * slot.in() * slot.out();
    }
}
