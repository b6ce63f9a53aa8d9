package studio.loc.diffusion.unet;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import studio.loc.diffusion.lora.LoraSet;
import studio.loc.diffusion.lora.LoraSlot;
import studio.loc.diffusion.nn.ParameterStore;

/** Test fixtures: networks whose zero-initialised layers are filled in, and random LoRAs. */
public final class TinyNetworks {

    private TinyNetworks() {
    }

    /** Adds seeded noise to every parameter so that zero-initialised outputs (and LoRA effects) become visible. */
    public static void randomise(ParameterStore store, long seed, double std) {
        Random random = new Random(seed);
        for (String name : store.names()) {
            float[] values = store.get(name).toFloatArray();
            for (int i = 0; i < values.length; i++) {
                values[i] += (float) (random.nextGaussian() * std);
            }
            store.assign(name, values);
        }
    }

    /** A LoRA with seeded normal factors for every slot. */
    public static LoraSet randomLora(NDManager manager, List<LoraSlot> slots, int batch, int rank, float alpha,
                                     long seed, double std) {
        Random random = new Random(seed);
        Map<String, LoraSet.Factors> factors = new LinkedHashMap<>();
        for (LoraSlot slot : slots) {
            NDArray down = normal(manager, random, std, new Shape(batch, rank, slot.downColumns()));
            NDArray up = normal(manager, random, std, new Shape(batch, slot.out(), rank));
            factors.put(slot.name(), new LoraSet.Factors(down, up));
        }
        return new LoraSet(slots, factors, rank, alpha);
    }

    /** Seeded standard-normal values (DJL's own random arrays are not reproducible across runs). */
    public static NDArray normal(NDManager manager, long seed, Shape shape) {
        return normal(manager, new Random(seed), 1, shape);
    }

    private static NDArray normal(NDManager manager, Random random, double std, Shape shape) {
        float[] values = new float[Math.toIntExact(shape.size())];
        for (int i = 0; i < values.length; i++) {
            values[i] = (float) (random.nextGaussian() * std);
        }
        return manager.create(values, shape);
    }
}
