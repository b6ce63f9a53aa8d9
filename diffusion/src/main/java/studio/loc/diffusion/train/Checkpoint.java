package studio.loc.diffusion.train;

import ai.djl.ndarray.NDArray;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import studio.loc.diffusion.nn.ParameterStore;
import studio.loc.diffusion.tensor.SafeTensors;
import studio.loc.diffusion.tensor.SafeTensorsFile;
import studio.loc.diffusion.tensor.SafeTensorsFormatException;
import studio.loc.diffusion.tensor.Tensor;

/**
 * A resumable training state in one safetensors file: every parameter ({@code param.<name>}), the optimiser's
 * moments ({@code adam.m.<name>}, {@code adam.v.<name>}, {@code adam.steps}) and, in the metadata, the step. Written
 * atomically (temporary file + rename), so a crash mid-write leaves the previous checkpoint intact.
 */
public final class Checkpoint {

    public static final String FILE_NAME = "checkpoint.safetensors";
    public static final String FORMAT = "loc-checkpoint/1";
    private static final String PARAM = "param.";

    private Checkpoint() {
    }

    public static Path file(Path directory) {
        return directory.resolve(FILE_NAME);
    }

    public static boolean exists(Path directory) {
        return Files.isRegularFile(file(directory));
    }

    /** Writes the state after {@code step} finished steps; {@code extra} goes into the metadata. */
    public static Path write(Path directory, long step, ParameterStore store, AdamOptimizer optimizer,
                             Map<String, String> extra) throws IOException {
        Files.createDirectories(directory);
        List<Tensor> tensors = new ArrayList<>();
        for (Map.Entry<String, NDArray> e : store.asMap().entrySet()) {
            NDArray p = e.getValue();
            tensors.add(Tensor.f32(PARAM + e.getKey(), p.getShape().getShape(), p.toFloatArray()));
        }
        for (Map.Entry<String, float[]> e : optimizer.state().entrySet()) {
            tensors.add(Tensor.f32(e.getKey(), new long[] {e.getValue().length}, e.getValue()));
        }
        Map<String, String> metadata = new LinkedHashMap<>(extra);
        metadata.put("format", FORMAT);
        metadata.put("step", Long.toString(step));
        Path target = file(directory);
        SafeTensors.write(target, metadata, tensors);
        return target;
    }

    /**
     * Loads parameters and optimiser state back.
     *
     * @return the metadata (with {@code step})
     * @throws IOException when the file is unreadable, not a checkpoint, or made for a different network
     */
    public static Map<String, String> restore(Path directory, ParameterStore store, AdamOptimizer optimizer)
            throws IOException {
        Path source = file(directory);
        SafeTensorsFile file;
        try {
            file = SafeTensors.read(source);
        } catch (SafeTensorsFormatException e) {
            throw new IOException("The checkpoint " + source + " is damaged: " + e.getMessage()
                    + ". Delete it to start training afresh.", e);
        }
        if (!FORMAT.equals(file.metadata().get("format"))) {
            throw new IOException(source + " is not a training checkpoint (format " + file.metadata().get("format")
                    + ")");
        }
        for (String name : store.names()) {
            if (!file.contains(PARAM + name)) {
                throw new IOException("The checkpoint " + source + " was made for a different network: it has no "
                        + name + ". Use another checkpoint folder.");
            }
            float[] values = file.get(PARAM + name).toFloats();
            if (values.length != store.get(name).size()) {
                throw new IOException("The checkpoint " + source + " has " + name + " with " + values.length
                        + " values, the network " + store.get(name).size() + ". Use another checkpoint folder.");
            }
            store.assign(name, values);
        }
        Map<String, float[]> state = new HashMap<>();
        for (Tensor t : file.tensors()) {
            if (t.name().startsWith("adam.")) {
                state.put(t.name(), t.toFloats());
            }
        }
        optimizer.restore(state);
        return file.metadata();
    }

    public static long step(Map<String, String> metadata) throws IOException {
        try {
            return Long.parseLong(metadata.get("step"));
        } catch (NumberFormatException e) {
            throw new IOException("checkpoint without a valid step: " + metadata.get("step"), e);
        }
    }
}
