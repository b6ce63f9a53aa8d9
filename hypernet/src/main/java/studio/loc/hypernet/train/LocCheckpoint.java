package studio.loc.hypernet.train;

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
import studio.loc.diffusion.train.AdamOptimizer;

/**
 * The resumable state of a LoC training run in one safetensors file: both networks' parameters
 * ({@code h.param.*}, {@code g.param.*}), both optimisers' moments ({@code h.adam.*}, {@code g.adam.*}) and the
 * step in the metadata. The diffusion package's single-network {@code Checkpoint} cannot hold two networks, so the
 * same layout is written here with a prefix per network. Written atomically (temporary file + rename).
 */
final class LocCheckpoint {

    static final String FILE_NAME = "loc-checkpoint.safetensors";
    static final String FORMAT = "loc-hypernet-checkpoint/1";

    /** A network and its optimiser (null when the run never trains it). */
    record Part(String prefix, ParameterStore store, AdamOptimizer optimizer) {
    }

    private LocCheckpoint() {
    }

    static Path file(Path directory) {
        return directory.resolve(FILE_NAME);
    }

    static boolean exists(Path directory) {
        return Files.isRegularFile(file(directory));
    }

    static void write(Path directory, long step, List<Part> parts, Map<String, String> extra) throws IOException {
        Files.createDirectories(directory);
        List<Tensor> tensors = new ArrayList<>();
        for (Part part : parts) {
            for (var e : part.store().asMap().entrySet()) {
                tensors.add(Tensor.f32(part.prefix() + ".param." + e.getKey(), e.getValue().getShape().getShape(),
                        e.getValue().toFloatArray()));
            }
            if (part.optimizer() != null) {
                for (var e : part.optimizer().state().entrySet()) {
                    tensors.add(Tensor.f32(part.prefix() + "." + e.getKey(), new long[] {e.getValue().length},
                            e.getValue()));
                }
            }
        }
        Map<String, String> metadata = new LinkedHashMap<>(extra);
        metadata.put("format", FORMAT);
        metadata.put("step", Long.toString(step));
        SafeTensors.write(file(directory), metadata, tensors);
    }

    /** Loads everything back and returns the step the checkpoint was taken after. */
    static long restore(Path directory, List<Part> parts) throws IOException {
        Path source = file(directory);
        SafeTensorsFile file;
        try {
            file = SafeTensors.read(source);
        } catch (SafeTensorsFormatException e) {
            throw new IOException("The checkpoint " + source + " is damaged: " + e.getMessage()
                    + ". Delete it to start training afresh.", e);
        }
        if (!FORMAT.equals(file.metadata().get("format"))) {
            throw new IOException(source + " is not a LoC training checkpoint (format "
                    + file.metadata().get("format") + ")");
        }
        for (Part part : parts) {
            for (String name : part.store().names()) {
                String key = part.prefix() + ".param." + name;
                if (!file.contains(key)) {
                    throw new IOException("The checkpoint " + source + " was made for different networks: it has no "
                            + key + ". Use another checkpoint folder.");
                }
                float[] values = file.get(key).toFloats();
                if (values.length != part.store().get(name).size()) {
                    throw new IOException("The checkpoint " + source + " holds " + key + " with " + values.length
                            + " values, the network " + part.store().get(name).size()
                            + ". Use another checkpoint folder.");
                }
                part.store().assign(name, values);
            }
            if (part.optimizer() != null) {
                String adam = part.prefix() + ".";
                Map<String, float[]> state = new HashMap<>();
                for (Tensor t : file.tensors()) {
                    if (t.name().startsWith(adam + "adam.")) {
                        state.put(t.name().substring(adam.length()), t.toFloats());
                    }
                }
                part.optimizer().restore(state);
            }
        }
        try {
            return Long.parseLong(file.metadata().get("step"));
        } catch (NumberFormatException e) {
            throw new IOException("The checkpoint " + source + " has no valid step", e);
        }
    }
}
