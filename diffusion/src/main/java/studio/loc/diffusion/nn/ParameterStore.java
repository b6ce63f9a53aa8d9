package studio.loc.diffusion.nn;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import studio.loc.diffusion.lora.LoraSlot;

/**
 * The named tensors of one network, in a stable (creation) order, owned by one {@link NDManager}. Layers create
 * their parameters here when they are built; weight files load into and save from here by name; optimisers walk it.
 * Slotted layers register their {@link LoraSlot} here too, so a network's slot list falls out of its construction.
 *
 * <p>Initial values come from a seeded Java {@link Random}, so the same config and seed give the same network on
 * any engine or device.
 */
public final class ParameterStore implements AutoCloseable {

    private final NDManager manager;
    private final Random random;
    private final Map<String, NDArray> parameters = new LinkedHashMap<>();
    private final Map<String, LoraSlot> slots = new LinkedHashMap<>();

    /** A store that owns a fresh child manager of {@code parent}; initial values drawn from {@code seed}. */
    public ParameterStore(NDManager parent, long seed) {
        this.manager = parent.newSubManager();
        this.random = new Random(seed);
        // Every network starts here, before its weights are set: the place to keep libtorch's notice quiet.
        LibTorchNotice.absorbOnce(manager);
    }

    public NDManager manager() {
        return manager;
    }

    /** Creates a parameter from a sampled initialisation. Names must be unique. */
    public NDArray create(String name, Shape shape, Init init) {
        if (parameters.containsKey(name)) {
            throw new IllegalArgumentException("duplicate parameter " + name);
        }
        float[] values = init.sample(shape, random);
        NDArray array = manager.create(values, shape);
        array.setName(name);
        parameters.put(name, array);
        return array;
    }

    public NDArray get(String name) {
        NDArray array = parameters.get(name);
        if (array == null) {
            throw new IllegalArgumentException("no parameter named " + name);
        }
        return array;
    }

    public boolean contains(String name) {
        return parameters.containsKey(name);
    }

    /** Parameter names in creation order. */
    public List<String> names() {
        return List.copyOf(parameters.keySet());
    }

    /** Read-only view, creation order. */
    public Map<String, NDArray> asMap() {
        return Collections.unmodifiableMap(parameters);
    }

    /** Overwrites a parameter's values in place (shapes must match), e.g. when loading weights. */
    public void assign(String name, float[] values) {
        NDArray target = get(name);
        if (values.length != target.size()) {
            throw new IllegalArgumentException("parameter " + name + " has " + target.size()
                    + " values, got " + values.length);
        }
        target.set(values);
    }

    /** Total number of scalar parameters. */
    public long count() {
        long total = 0;
        for (NDArray array : parameters.values()) {
            total += array.size();
        }
        return total;
    }

    /** Marks every parameter whose name starts with one of the prefixes as trainable (empty: all). */
    public List<NDArray> trainable(String... prefixes) {
        List<NDArray> result = new ArrayList<>();
        for (Map.Entry<String, NDArray> entry : parameters.entrySet()) {
            if (prefixes.length == 0 || startsWithAny(entry.getKey(), prefixes)) {
                entry.getValue().setRequiresGradient(true);
                result.add(entry.getValue());
            }
        }
        return result;
    }

    private static boolean startsWithAny(String name, String[] prefixes) {
        for (String prefix : prefixes) {
            if (name.startsWith(prefix)) {
                return true;
            }
        }
        return false;
    }

    /** Called by slotted layers at construction. */
    public void registerSlot(LoraSlot slot) {
        if (slots.putIfAbsent(slot.name(), slot) != null) {
            throw new IllegalArgumentException("duplicate LoRA slot " + slot.name());
        }
    }

    /** The LoRA slots in construction order. */
    public List<LoraSlot> slots() {
        return List.copyOf(slots.values());
    }

    @Override
    public void close() {
        manager.close();
    }
}
