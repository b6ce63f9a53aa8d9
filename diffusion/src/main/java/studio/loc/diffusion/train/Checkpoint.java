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
import java.util.Objects;
import studio.loc.diffusion.nn.ParameterStore;
import studio.loc.diffusion.tensor.SafeTensors;
import studio.loc.diffusion.tensor.SafeTensorsFile;
import studio.loc.diffusion.tensor.SafeTensorsFormatException;
import studio.loc.diffusion.tensor.Tensor;

/**
 * A resumable training state in one safetensors file: every parameter ({@code param.<name>}), the optimiser's
 * moments ({@code adam.m.<name>}, {@code adam.v.<name>}, {@code adam.steps}) and, in the metadata, the step. A run
 * that trains several networks stores each under its own prefix ({@code h.param.<name>}, {@code h.adam.m.<name>},
 * ...) in a {@link Layout} of its own. Written atomically (temporary file + rename), so a crash mid-write leaves the
 * previous checkpoint intact.
 */
public final class Checkpoint {

    public static final String FILE_NAME = "checkpoint.safetensors";
    public static final String FORMAT = "loc-checkpoint/1";
    /** The single-network checkpoint of the base-model trainers. */
    public static final Layout SINGLE_NETWORK = new Layout(FILE_NAME, FORMAT);
    private static final String PARAM = "param.";
    private static final String ADAM = "adam.";

    /** A kind of checkpoint: its file name in the checkpoint folder and the format tag its metadata carries. */
    public record Layout(String fileName, String format) {
        public Layout {
            Objects.requireNonNull(fileName, "fileName");
            Objects.requireNonNull(format, "format");
        }

        public Path file(Path directory) {
            return directory.resolve(fileName);
        }

        public boolean exists(Path directory) {
            return Files.isRegularFile(file(directory));
        }
    }

    /**
     * One network of a checkpoint and its optimiser.
     *
     * @param prefix    the network's key prefix ("" for a single-network checkpoint, e.g. "h" for "h.param.*")
     * @param optimizer null when the run never trains this network (only its parameters are kept)
     */
    public record Part(String prefix, ParameterStore store, AdamOptimizer optimizer) {
        public Part {
            Objects.requireNonNull(prefix, "prefix");
            Objects.requireNonNull(store, "store");
        }

        String keyPrefix() {
            return prefix.isEmpty() ? "" : prefix + ".";
        }
    }

    private Checkpoint() {
    }

    public static Path file(Path directory) {
        return SINGLE_NETWORK.file(directory);
    }

    public static boolean exists(Path directory) {
        return SINGLE_NETWORK.exists(directory);
    }

    /** Writes the state after {@code step} finished steps; {@code extra} goes into the metadata. */
    public static Path write(Path directory, long step, ParameterStore store, AdamOptimizer optimizer,
                             Map<String, String> extra) throws IOException {
        return write(directory, SINGLE_NETWORK, step, List.of(new Part("", store, optimizer)), extra);
    }

    /** Writes every part's state after {@code step} finished steps; {@code extra} goes into the metadata. */
    public static Path write(Path directory, Layout layout, long step, List<Part> parts, Map<String, String> extra)
            throws IOException {
        Files.createDirectories(directory);
        List<Tensor> tensors = new ArrayList<>();
        for (Part part : parts) {
            String keys = part.keyPrefix();
            for (Map.Entry<String, NDArray> e : part.store().asMap().entrySet()) {
                NDArray p = e.getValue();
                tensors.add(Tensor.f32(keys + PARAM + e.getKey(), p.getShape().getShape(), p.toFloatArray()));
            }
            if (part.optimizer() != null) {
                for (Map.Entry<String, float[]> e : part.optimizer().state().entrySet()) {
                    tensors.add(Tensor.f32(keys + e.getKey(), new long[] {e.getValue().length}, e.getValue()));
                }
            }
        }
        Map<String, String> metadata = new LinkedHashMap<>(extra);
        metadata.put("format", layout.format());
        metadata.put("step", Long.toString(step));
        Path target = layout.file(directory);
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
        return restore(directory, SINGLE_NETWORK, List.of(new Part("", store, optimizer)));
    }

    /**
     * Loads every part's parameters and optimiser state back.
     *
     * @return the metadata (with {@code step})
     * @throws IOException when the file is unreadable, not a checkpoint of this layout, or made for different
     *                     networks
     */
    public static Map<String, String> restore(Path directory, Layout layout, List<Part> parts) throws IOException {
        Path source = layout.file(directory);
        SafeTensorsFile file;
        try {
            file = SafeTensors.read(source);
        } catch (SafeTensorsFormatException e) {
            throw new IOException("The checkpoint " + source + " is damaged: " + e.getMessage()
                    + ". Delete it to start training afresh.", e);
        }
        if (!layout.format().equals(file.metadata().get("format"))) {
            throw new IOException(source + " is not a training checkpoint of this kind (format "
                    + file.metadata().get("format") + ", expected " + layout.format() + ")");
        }
        for (Part part : parts) {
            String keys = part.keyPrefix();
            for (String name : part.store().names()) {
                String key = keys + PARAM + name;
                if (!file.contains(key)) {
                    throw new IOException("The checkpoint " + source + " was made for a different network: it has no "
                            + key + ". Use another checkpoint folder.");
                }
                float[] values = file.get(key).toFloats();
                if (values.length != part.store().get(name).size()) {
                    throw new IOException("The checkpoint " + source + " has " + key + " with " + values.length
                            + " values, the network " + part.store().get(name).size()
                            + ". Use another checkpoint folder.");
                }
                part.store().assign(name, values);
            }
            if (part.optimizer() != null) {
                Map<String, float[]> state = new HashMap<>();
                for (Tensor t : file.tensors()) {
                    if (t.name().startsWith(keys + ADAM)) {
                        state.put(t.name().substring(keys.length()), t.toFloats());
                    }
                }
                part.optimizer().restore(state);
            }
        }
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
