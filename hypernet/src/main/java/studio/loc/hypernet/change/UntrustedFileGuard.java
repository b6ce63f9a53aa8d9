package studio.loc.hypernet.change;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import studio.loc.diffusion.lora.LoraSlot;
import studio.loc.diffusion.tensor.SafeTensors;
import studio.loc.diffusion.tensor.SafeTensorsFile;
import studio.loc.diffusion.tensor.SafeTensorsFormatException;

/**
 * The first line of defence against a file from anywhere: pickles are refused by their content before anything
 * else is read (loading one can run arbitrary code), a file larger than any change could be is refused before it
 * is loaded, and container damage becomes a {@link ChangeFileException}.
 */
final class UntrustedFileGuard {

    /** Highest rank a change may have (composed changes concatenate ranks); bounds what a reader allocates. */
    static final int MAX_RANK = 512;
    /** Room for the JSON header and thumbnails. */
    private static final long HEADER_ALLOWANCE = 16L << 20;
    /** Largest change file read without a model to bound it (a rank-512 change of a very large UNet is far less). */
    static final long UNCHECKED_MAX_BYTES = 1L << 30;

    private UntrustedFileGuard() {
    }

    /** Reads {@code file} as a container for {@code model}: content judged, size bounded by the model. */
    static SafeTensorsFile read(Path file, String source, BaseModelIdentity model)
            throws ChangeFileException, IOException {
        refusePickle(head(file), source);
        long size = Files.size(file);
        long limit = maxFileBytes(model);
        if (size > limit) {
            throw new ChangeFileException(source + " is " + (size >> 20) + " MB, more than any change for model \""
                    + model.name() + "\" can be (at most " + (limit >> 20) + " MB up to rank " + MAX_RANK
                    + "); it is not a change file for this model.");
        }
        return container(file, source);
    }

    /** Reads {@code file} without a model to bound its size by (see {@link #UNCHECKED_MAX_BYTES}). */
    static SafeTensorsFile readUnbounded(Path file, String source) throws ChangeFileException, IOException {
        refusePickle(head(file), source);
        long size = Files.size(file);
        if (size > UNCHECKED_MAX_BYTES) {
            throw new ChangeFileException(source + " is " + (size >> 20) + " MB, far larger than any change file.");
        }
        return container(file, source);
    }

    /** Parses a file held in memory. */
    static SafeTensorsFile parse(byte[] bytes, String source) throws ChangeFileException {
        refusePickle(Arrays.copyOf(bytes, Math.min(bytes.length, ContainerFormat.HEAD_BYTES)), source);
        try {
            return SafeTensors.parse(bytes, source);
        } catch (SafeTensorsFormatException e) {
            throw new ChangeFileException(e.getMessage(), e);
        }
    }

    /** The largest file a change for {@code model} can be: float32 factors at {@link #MAX_RANK} plus the header. */
    static long maxFileBytes(BaseModelIdentity model) {
        long floats = 0;
        for (LoraSlot slot : model.slots()) {
            floats += (long) MAX_RANK * (slot.downColumns() + slot.out()) + 1;
        }
        return HEADER_ALLOWANCE + 4 * floats;
    }

    /**
     * Judged by content, not by name: a change file renamed {@code .pt} is still a change file, and a pickle
     * renamed {@code .safetensors} is still a pickle. Reading a few bytes runs nothing; unpickling would.
     */
    private static void refusePickle(byte[] head, String source) throws ChangeFileException {
        ContainerFormat format = ContainerFormat.detect(head);
        if (format == ContainerFormat.PICKLE || format == ContainerFormat.PYTORCH_ZIP) {
            throw new ChangeFileException(source + " is a PyTorch pickle file (its content is "
                    + (format == ContainerFormat.PICKLE ? "a pickle" : "a PyTorch zip archive")
                    + ", whatever its name). LoC Studio never opens pickle files because loading one can run "
                    + "arbitrary code; convert it to .safetensors with a trusted tool first.");
        }
    }

    private static byte[] head(Path file) throws IOException {
        try (InputStream in = Files.newInputStream(file)) {
            return in.readNBytes(ContainerFormat.HEAD_BYTES);
        }
    }

    private static SafeTensorsFile container(Path file, String source) throws ChangeFileException, IOException {
        try {
            return SafeTensors.read(file);
        } catch (SafeTensorsFormatException e) {
            throw new ChangeFileException(e.getMessage(), e);
        }
    }
}
