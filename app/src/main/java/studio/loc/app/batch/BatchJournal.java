package studio.loc.app.batch;

import com.google.gson.JsonObject;
import com.google.gson.JsonParseException;
import com.google.gson.JsonParser;
import java.io.Closeable;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.HashMap;
import java.util.Map;

/**
 * The batch's memory of finished outputs, so a re-run after Ctrl-C, a crash or a full disk continues where it
 * stopped. A JSON-lines file in the output folder; one line is appended and forced to disk per finished photo,
 * after its output was renamed into place. A torn last line (killed mid-append) is ignored, so the worst a
 * crash can do is make one photo be redone. An output counts as complete only if the journal records it for the
 * same input (path, size, modification time) and settings, and the file is there with the recorded size.
 *
 * <p>Lines are only added for photos edited in a run, so re-runs grow it little (about 250 bytes per photo).
 * Holds an exclusive lock on the journal while open, so two batches never write into one folder at once.
 */
final class BatchJournal implements Closeable {

    static final String FILE_NAME = ".loc-batch.jsonl";

    private final Path file;
    private final FileChannel channel;
    private final FileLock lock;
    private final Map<String, Entry> entries;

    private BatchJournal(Path file, FileChannel channel, FileLock lock, Map<String, Entry> entries) {
        this.file = file;
        this.channel = channel;
        this.lock = lock;
        this.entries = entries;
    }

    /** Opens (or creates) the journal of {@code outputRoot}; fails if another batch holds it. */
    static BatchJournal open(Path outputRoot) throws IOException, BatchSetupException {
        Path file = outputRoot.resolve(FILE_NAME);
        Map<String, Entry> entries = readEntries(file);
        FileChannel channel = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
                StandardOpenOption.READ);
        FileLock lock;
        try {
            lock = channel.tryLock();
        } catch (OverlappingFileLockException e) {
            lock = null;
        }
        if (lock == null) {
            channel.close();
            throw new BatchSetupException("Another batch is writing into " + outputRoot
                    + " right now; wait for it to finish or choose another output folder.");
        }
        channel.position(channel.size());
        if (channel.size() > 0 && !endsWithNewline(channel)) {
            channel.write(ByteBuffer.wrap(new byte[] {'\n'}));
        }
        return new BatchJournal(file, channel, lock, entries);
    }

    /**
     * The outputs a batch wrote into {@code outputRoot} before, each with the input it was made from (output key
     * to input path); empty when there is no readable journal. Only these files may ever be replaced.
     */
    static Map<String, String> outputsOf(Path outputRoot) {
        Map<String, String> outputs = new HashMap<>();
        try {
            readEntries(outputRoot.resolve(FILE_NAME)).forEach((key, entry) -> outputs.put(key, entry.input));
        } catch (IOException e) {
            // an unreadable journal owns nothing: every existing file is then kept
        }
        return outputs;
    }

    private static Map<String, Entry> readEntries(Path file) throws IOException {
        Map<String, Entry> entries = new HashMap<>();
        if (Files.isRegularFile(file)) {
            for (String line : Files.readAllLines(file, StandardCharsets.UTF_8)) {
                Entry entry = Entry.parse(line);
                if (entry != null) {
                    entries.put(entry.outputKey, entry);
                }
            }
        }
        return entries;
    }

    private static boolean endsWithNewline(FileChannel channel) throws IOException {
        ByteBuffer last = ByteBuffer.allocate(1);
        channel.read(last, channel.size() - 1);
        return last.get(0) == '\n';
    }

    /** True when a previous run finished {@code output} from this very input with these settings. */
    boolean isComplete(PlannedFile planned, InputStamp stamp, String settingsKey) {
        Entry entry = entries.get(planned.outputKey());
        if (entry == null || !entry.input.equals(planned.input().toString()) || entry.inputSize != stamp.size()
                || entry.inputModified != stamp.modifiedMillis() || !entry.settings.equals(settingsKey)) {
            return false;
        }
        try {
            return Files.isRegularFile(planned.output()) && Files.size(planned.output()) == entry.outputSize;
        } catch (IOException e) {
            return false;
        }
    }

    /** Records a finished output and forces the record to disk. */
    void record(PlannedFile planned, InputStamp stamp, String settingsKey, long outputSize) throws IOException {
        Entry entry = new Entry(planned.outputKey(), planned.input().toString(), stamp.size(),
                stamp.modifiedMillis(), settingsKey, outputSize);
        channel.write(ByteBuffer.wrap((entry.toJson() + "\n").getBytes(StandardCharsets.UTF_8)));
        channel.force(false);
        entries.put(entry.outputKey, entry);
    }

    Path file() {
        return file;
    }

    @Override
    public void close() throws IOException {
        try {
            lock.release();
        } finally {
            channel.close();
        }
    }

    private record Entry(String outputKey, String input, long inputSize, long inputModified, String settings,
                         long outputSize) {

        static Entry parse(String line) {
            if (line.isBlank()) {
                return null;
            }
            try {
                JsonObject json = JsonParser.parseString(line).getAsJsonObject();
                return new Entry(json.get("output").getAsString(), json.get("input").getAsString(),
                        json.get("inputSize").getAsLong(), json.get("inputModified").getAsLong(),
                        json.get("settings").getAsString(), json.get("outputSize").getAsLong());
            } catch (JsonParseException | IllegalStateException | NullPointerException
                     | UnsupportedOperationException | NumberFormatException e) {
                return null; // a torn or foreign line: that photo is simply redone
            }
        }

        String toJson() {
            JsonObject json = new JsonObject();
            json.addProperty("output", outputKey);
            json.addProperty("input", input);
            json.addProperty("inputSize", inputSize);
            json.addProperty("inputModified", inputModified);
            json.addProperty("settings", settings);
            json.addProperty("outputSize", outputSize);
            return json.toString();
        }
    }
}
