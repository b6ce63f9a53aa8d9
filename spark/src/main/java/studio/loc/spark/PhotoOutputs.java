package studio.loc.spark;

import com.google.gson.JsonObject;
import com.google.gson.JsonParseException;
import com.google.gson.JsonParser;
import java.io.FileNotFoundException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.UUID;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FSDataOutputStream;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.LocalFileSystem;
import org.apache.hadoop.fs.Path;

/**
 * The output folder on any Hadoop file system. Every file is written under a unique temporary name in
 * {@value #WORK_FOLDER}/partial and renamed into place when complete, so an output name only ever holds a whole
 * file, whatever a killed, retried or speculative task did; two attempts at one photo write identical bytes, so
 * whichever rename lands last is as good as the first. After an output is in place a small "done" record
 * (input, input size and time, settings, output size) is written beside it under {@value #WORK_FOLDER}/done; a
 * re-run skips a photo only when that record matches and the output has the recorded size -- the rule of the
 * command line's resume journal, kept per file because object stores cannot append.
 */
final class PhotoOutputs {

    /** Spark's file sources and {@code apply} both skip names starting with '_' or '.'. */
    static final String WORK_FOLDER = "_loc-spark";

    private final FileSystem fs;
    private final Path root;

    private PhotoOutputs(FileSystem fs, Path root) {
        this.fs = fs;
        this.root = root;
    }

    /** The output folder {@code uri}; local folders skip Hadoop's ".crc" side files, which would litter it. */
    static PhotoOutputs open(String uri, Configuration conf) throws IOException {
        Path root = new Path(uri);
        FileSystem fs = root.getFileSystem(conf);
        if (fs instanceof LocalFileSystem local) {
            fs = local.getRawFileSystem();
        }
        return new PhotoOutputs(fs, fs.makeQualified(root));
    }

    Path root() {
        return root;
    }

    FileSystem fileSystem() {
        return fs;
    }

    Path output(String outputKey) {
        return new Path(root, outputKey);
    }

    private Path partialFolder() {
        return new Path(new Path(root, WORK_FOLDER), "partial");
    }

    private Path doneRecord(String outputKey) {
        return new Path(new Path(new Path(root, WORK_FOLDER), "done"), outputKey + ".json");
    }

    /** Deletes what killed attempts left half-written; call before any task starts. */
    void deleteLeftovers() throws IOException {
        fs.delete(partialFolder(), true);
    }

    /** True when a previous run finished this photo from the same input with the same settings. */
    boolean isComplete(PlannedPhoto photo, long inputSize, long inputModified, String settingsKey) {
        try (InputStream in = fs.open(doneRecord(photo.outputKey()))) {
            JsonObject record = JsonParser.parseString(new String(in.readAllBytes(), StandardCharsets.UTF_8))
                    .getAsJsonObject();
            if (!record.get("input").getAsString().equals(photo.input())
                    || record.get("inputSize").getAsLong() != inputSize
                    || record.get("inputModified").getAsLong() != inputModified
                    || !record.get("settings").getAsString().equals(settingsKey)) {
                return false;
            }
            FileStatus output = fs.getFileStatus(output(photo.outputKey()));
            return output.isFile() && output.getLen() == record.get("outputSize").getAsLong();
        } catch (FileNotFoundException e) {
            return false;
        } catch (IOException | JsonParseException | IllegalStateException | NullPointerException
                 | UnsupportedOperationException | NumberFormatException e) {
            return false; // an unreadable or torn record: the photo is simply redone
        }
    }

    /** Writes an output atomically, then its done record; returns the output's size. */
    long write(PlannedPhoto photo, byte[] content, long inputSize, long inputModified, String settingsKey)
            throws IOException {
        Path target = output(photo.outputKey());
        writeAtomically(target, content);
        JsonObject record = new JsonObject();
        record.addProperty("input", photo.input());
        record.addProperty("inputSize", inputSize);
        record.addProperty("inputModified", inputModified);
        record.addProperty("settings", settingsKey);
        record.addProperty("outputSize", content.length);
        writeAtomically(doneRecord(photo.outputKey()), record.toString().getBytes(StandardCharsets.UTF_8));
        return content.length;
    }

    /** Writes any file below the output folder through a temporary name (also the failures table). */
    void writeAtomically(Path target, byte[] content) throws IOException {
        Path temp = new Path(partialFolder(), UUID.randomUUID() + "." + target.getName());
        try {
            try (FSDataOutputStream out = fs.create(temp, false)) {
                out.write(content);
                out.hsync();
            }
            fs.mkdirs(target.getParent());
            if (!fs.rename(temp, target)) {
                // HDFS and S3A refuse to rename onto an existing file: an older output, or an identical one a
                // twin attempt just finished. Replace it; a reader sees the old whole file, none, or the new one.
                if (!fs.exists(target) || !fs.delete(target, false) && fs.exists(target)
                        || !fs.rename(temp, target)) {
                    throw new IOException("cannot move the finished file into place at " + target);
                }
            }
        } finally {
            try {
                fs.delete(temp, false);
            } catch (IOException e) {
                // the next run's clean-up removes it; the output itself is already whole or absent
            }
        }
    }
}
