package studio.loc.diffusion.model;

import ai.djl.ndarray.NDArray;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import studio.loc.diffusion.nn.ParameterStore;
import studio.loc.diffusion.tensor.DType;
import studio.loc.diffusion.tensor.SafeTensors;
import studio.loc.diffusion.tensor.SafeTensorsFile;
import studio.loc.diffusion.tensor.SafeTensorsFormatException;
import studio.loc.diffusion.tensor.Tensor;

/** A network's parameters ↔ a safetensors file, matched by parameter name. */
public final class WeightsIo {

    private WeightsIo() {
    }

    /**
     * Writes every parameter of {@code store} in creation order.
     *
     * @param storage F32, or F16 to halve the file (loaded back as F32)
     */
    public static void save(ParameterStore store, Path file, Map<String, String> metadata, DType storage)
            throws IOException {
        if (storage != DType.F32 && storage != DType.F16) {
            throw new IllegalArgumentException("weights are stored as F32 or F16, not " + storage);
        }
        List<Tensor> tensors = new ArrayList<>();
        for (Map.Entry<String, NDArray> entry : store.asMap().entrySet()) {
            long[] shape = entry.getValue().getShape().getShape();
            float[] values = entry.getValue().toFloatArray();
            tensors.add(storage == DType.F32 ? Tensor.f32(entry.getKey(), shape, values)
                    : Tensor.f16(entry.getKey(), shape, values));
        }
        SafeTensors.write(file, metadata, tensors);
    }

    /**
     * Loads {@code file} into {@code store}. The file must hold exactly the store's parameter names with the same
     * shapes; nothing is assigned unless all of them fit.
     */
    public static void load(ParameterStore store, Path file) throws ModelFormatException, IOException {
        SafeTensorsFile weights;
        try {
            weights = SafeTensors.read(file);
        } catch (SafeTensorsFormatException e) {
            throw new ModelFormatException(file.getFileName() + " is not a valid weights file: " + e.getMessage(), e);
        }
        Set<String> missing = new LinkedHashSet<>(store.names());
        missing.removeAll(weights.names());
        Set<String> extra = new LinkedHashSet<>(weights.names());
        extra.removeAll(store.names());
        if (!missing.isEmpty() || !extra.isEmpty()) {
            throw new ModelFormatException(file.getFileName() + " does not match the network described in model.json"
                    + (missing.isEmpty() ? "" : "; missing " + describe(missing))
                    + (extra.isEmpty() ? "" : "; unexpected " + describe(extra)));
        }
        for (String name : store.names()) {
            long[] expected = store.get(name).getShape().getShape();
            Tensor tensor = weights.get(name);
            if (!Arrays.equals(expected, tensor.shape())) {
                throw new ModelFormatException(file.getFileName() + ": " + name + " has shape "
                        + Arrays.toString(tensor.shape()) + " but the network expects " + Arrays.toString(expected));
            }
            if (tensor.dtype() != DType.F32 && tensor.dtype() != DType.F16 && tensor.dtype() != DType.BF16) {
                throw new ModelFormatException(file.getFileName() + ": " + name + " is stored as " + tensor.dtype()
                        + "; weights must be F32, F16 or BF16");
            }
        }
        Map<String, float[]> converted = new LinkedHashMap<>();
        for (String name : store.names()) {
            float[] values = weights.get(name).toFloats();
            for (float v : values) {
                if (!Float.isFinite(v)) {
                    throw new ModelFormatException(file.getFileName() + ": " + name + " holds NaN or infinite values");
                }
            }
            converted.put(name, values);
        }
        converted.forEach(store::assign);
    }

    private static String describe(Set<String> names) {
        List<String> list = new ArrayList<>(names);
        String shown = String.join(", ", list.subList(0, Math.min(5, list.size())));
        return list.size() > 5 ? shown + " and " + (list.size() - 5) + " more" : shown;
    }
}
