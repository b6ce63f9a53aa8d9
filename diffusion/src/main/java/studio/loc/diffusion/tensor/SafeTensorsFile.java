package studio.loc.diffusion.tensor;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** The contents of one safetensors file: its {@code __metadata__} and its tensors in data-offset order. */
public final class SafeTensorsFile {

    private final Map<String, String> metadata;
    private final Map<String, Tensor> tensors;

    SafeTensorsFile(Map<String, String> metadata, List<Tensor> tensorsInFileOrder) {
        this.metadata = Collections.unmodifiableMap(new LinkedHashMap<>(metadata));
        LinkedHashMap<String, Tensor> byName = new LinkedHashMap<>();
        for (Tensor tensor : tensorsInFileOrder) {
            byName.put(tensor.name(), tensor);
        }
        this.tensors = Collections.unmodifiableMap(byName);
    }

    public Map<String, String> metadata() {
        return metadata;
    }

    /** Tensor names in file order (the order of their data offsets). */
    public List<String> names() {
        return List.copyOf(tensors.keySet());
    }

    public boolean contains(String name) {
        return tensors.containsKey(name);
    }

    /** The tensor called {@code name}; throws IllegalArgumentException naming it when the file has none. */
    public Tensor get(String name) {
        Tensor tensor = tensors.get(name);
        if (tensor == null) {
            throw new IllegalArgumentException("no tensor named \"" + name + "\" (the file has " + tensors.size() + " tensors)");
        }
        return tensor;
    }

    /** All tensors in file order. */
    public List<Tensor> tensors() {
        return Collections.unmodifiableList(new ArrayList<>(tensors.values()));
    }
}
