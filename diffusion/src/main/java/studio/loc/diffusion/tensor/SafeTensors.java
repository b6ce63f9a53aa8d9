package studio.loc.diffusion.tensor;

import com.google.gson.stream.JsonWriter;
import java.io.ByteArrayOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.OutputStream;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.UUID;

/**
 * Reads and writes the safetensors format: an 8-byte little-endian header length N, N bytes of UTF-8 JSON
 * describing each tensor (dtype, shape, data_offsets relative to the end of the header) plus optional string
 * {@code __metadata__}, then the raw little-endian tensor bytes.
 *
 * <p>Reading validates the whole header against the real file size before any tensor memory is allocated, so a
 * corrupt or hostile file produces a {@link SafeTensorsFormatException} and never an out-of-memory error.
 */
public final class SafeTensors {

    /** Largest JSON header accepted; the reference implementation uses the same 100 MB bound. */
    public static final long DEFAULT_MAX_HEADER_BYTES = 100L << 20;

    /** One Java array cannot hold more; a tensor this large must be split by whoever wrote it. */
    private static final long MAX_TENSOR_BYTES = Integer.MAX_VALUE - 8;

    private SafeTensors() {
    }

    /** Reads a whole file; tensors are loaded one by one, so a file may exceed 2 GB as long as each tensor does not. */
    public static SafeTensorsFile read(Path file) throws SafeTensorsFormatException, IOException {
        String source = describe(file);
        try (FileChannel channel = FileChannel.open(file, StandardOpenOption.READ)) {
            long fileSize = channel.size();
            ByteBuffer lengthBytes = ByteBuffer.allocate(8);
            if (fileSize >= 8) {
                readFully(channel, lengthBytes, 0, source);
            }
            int headerLength = SafeTensorsHeader.headerLength(lengthBytes, fileSize, source);
            ByteBuffer header = ByteBuffer.allocate(headerLength);
            readFully(channel, header, 8, source);
            long dataStart = 8L + headerLength;
            SafeTensorsHeader parsed = SafeTensorsHeader.parse(header.array(), 0, headerLength, fileSize - dataStart, source);
            List<Tensor> tensors = new ArrayList<>(parsed.entries.size());
            for (SafeTensorsHeader.Entry entry : parsed.entries) {
                if (entry.byteLength() > MAX_TENSOR_BYTES) {
                    throw SafeTensorsFormatException.of(source, "tensor \"" + entry.name() + "\" has " + entry.byteLength()
                            + " bytes, more than LoC Studio can hold in one tensor");
                }
                ByteBuffer data = ByteBuffer.allocate((int) entry.byteLength());
                readFully(channel, data, dataStart + entry.begin(), source);
                tensors.add(new Tensor(entry.name(), entry.dtype(), entry.shape(), data.array()));
            }
            return new SafeTensorsFile(parsed.metadata, tensors);
        }
    }

    /** Parses a file held in memory; {@code sourceName} is used in error messages. */
    public static SafeTensorsFile parse(byte[] fileBytes, String sourceName) throws SafeTensorsFormatException {
        Objects.requireNonNull(fileBytes, "fileBytes");
        String source = sourceName == null ? "the data" : sourceName;
        ByteBuffer lengthBytes = ByteBuffer.allocate(8);
        if (fileBytes.length >= 8) {
            lengthBytes.put(fileBytes, 0, 8);
        }
        int headerLength = SafeTensorsHeader.headerLength(lengthBytes, fileBytes.length, source);
        int dataStart = 8 + headerLength;
        SafeTensorsHeader parsed = SafeTensorsHeader.parse(fileBytes, 8, headerLength, fileBytes.length - dataStart, source);
        List<Tensor> tensors = new ArrayList<>(parsed.entries.size());
        for (SafeTensorsHeader.Entry entry : parsed.entries) {
            int from = Math.toIntExact(dataStart + entry.begin());
            int to = Math.toIntExact(dataStart + entry.end());
            tensors.add(new Tensor(entry.name(), entry.dtype(), entry.shape(), java.util.Arrays.copyOfRange(fileBytes, from, to)));
        }
        return new SafeTensorsFile(parsed.metadata, tensors);
    }

    /**
     * Writes atomically: the bytes go to a temporary file in the target's folder, which is then renamed over the
     * target, so a crash or a full disk never leaves a half-written model or change file behind.
     */
    public static void write(Path file, Map<String, String> metadata, List<Tensor> tensors) throws IOException {
        byte[] header = headerBytes(metadata, tensors);
        Path target = file.toAbsolutePath();
        Path temp = target.resolveSibling("." + target.getFileName() + "." + UUID.randomUUID() + ".tmp");
        try {
            try (FileChannel channel = FileChannel.open(temp, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE);
                 OutputStream out = java.nio.channels.Channels.newOutputStream(channel)) {
                writeBody(out, header, tensors);
                out.flush();
                channel.force(true);
            }
            try {
                Files.move(temp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            } catch (java.nio.file.AtomicMoveNotSupportedException e) {
                Files.move(temp, target, StandardCopyOption.REPLACE_EXISTING);
            }
        } catch (IOException e) {
            try {
                Files.deleteIfExists(temp);
            } catch (IOException ignored) {
                // the folder refused the write in the first place; nothing was left behind
            }
            throw new IOException("Could not write " + target + ": " + reason(e, target.getParent()), e);
        }
    }

    /** The complete file as bytes (for small files and tests). */
    public static byte[] toBytes(Map<String, String> metadata, List<Tensor> tensors) {
        byte[] header = headerBytes(metadata, tensors);
        long size = 8L + header.length;
        for (Tensor tensor : tensors) {
            size += tensor.data().length;
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream(Math.toIntExact(size));
        try {
            writeBody(out, header, tensors);
        } catch (IOException e) {
            throw new UncheckedIOException(e); // cannot happen for an in-memory stream
        }
        return out.toByteArray();
    }

    private static void writeBody(OutputStream out, byte[] header, List<Tensor> tensors) throws IOException {
        out.write(ByteBuffer.allocate(8).order(ByteOrder.LITTLE_ENDIAN).putLong(header.length).array());
        out.write(header);
        for (Tensor tensor : tensors) {
            out.write(tensor.data());
        }
    }

    /** The JSON header, metadata first and tensors in the given order, padded with spaces to a multiple of 8. */
    private static byte[] headerBytes(Map<String, String> metadata, List<Tensor> tensors) {
        Objects.requireNonNull(tensors, "tensors");
        StringWriter json = new StringWriter();
        try (JsonWriter writer = new JsonWriter(json)) {
            writer.setHtmlSafe(false);
            writer.beginObject();
            if (metadata != null && !metadata.isEmpty()) {
                writer.name(SafeTensorsHeader.METADATA_KEY).beginObject();
                for (Map.Entry<String, String> entry : metadata.entrySet()) {
                    writer.name(Objects.requireNonNull(entry.getKey(), "metadata key"))
                            .value(Objects.requireNonNull(entry.getValue(), () -> "metadata value of " + entry.getKey()));
                }
                writer.endObject();
            }
            Set<String> names = new HashSet<>();
            long offset = 0;
            for (Tensor tensor : tensors) {
                if (tensor.name().equals(SafeTensorsHeader.METADATA_KEY) || !names.add(tensor.name())) {
                    throw new IllegalArgumentException("tensor name \"" + tensor.name() + "\" is reserved or used twice");
                }
                writer.name(tensor.name()).beginObject();
                writer.name("dtype").value(tensor.dtype().name());
                writer.name("shape").beginArray();
                for (long dim : tensor.shape()) {
                    writer.value(dim);
                }
                writer.endArray();
                long end = offset + tensor.data().length;
                writer.name("data_offsets").beginArray().value(offset).value(end).endArray();
                writer.endObject();
                offset = end;
            }
            writer.endObject();
        } catch (IOException e) {
            throw new UncheckedIOException(e); // a StringWriter does not fail
        }
        byte[] utf8 = json.toString().getBytes(StandardCharsets.UTF_8);
        int padded = (utf8.length + 7) / 8 * 8;
        byte[] header = java.util.Arrays.copyOf(utf8, padded);
        java.util.Arrays.fill(header, utf8.length, padded, (byte) ' ');
        return header;
    }

    private static String reason(IOException e, Path folder) {
        String message = e.getMessage() == null ? "" : e.getMessage().toLowerCase(java.util.Locale.ROOT);
        if (e instanceof java.nio.file.AccessDeniedException || message.contains("read-only")) {
            return "the folder " + folder + " is read-only or you do not have permission to write there";
        }
        if (e instanceof java.nio.file.NoSuchFileException && (folder == null || !Files.isDirectory(folder))) {
            return "the folder " + folder + " does not exist";
        }
        if (message.contains("no space") || message.contains("not enough space")) {
            return "the disk holding " + folder + " is full";
        }
        if (e instanceof java.nio.file.FileSystemException fse && fse.getReason() != null) {
            return fse.getReason();
        }
        return e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
    }

    private static void readFully(FileChannel channel, ByteBuffer buffer, long position, String source) throws IOException {
        long at = position;
        while (buffer.hasRemaining()) {
            int n = channel.read(buffer, at);
            if (n < 0) {
                throw new SafeTensorsFormatException(source + " is not a valid safetensors file: it ended early (truncated?)",
                        new EOFException());
            }
            at += n;
        }
    }

    private static String describe(Path file) {
        Path name = file.getFileName();
        return name == null ? file.toString() : name.toString();
    }
}
