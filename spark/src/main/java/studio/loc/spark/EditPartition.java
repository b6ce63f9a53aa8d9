package studio.loc.spark;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.URISyntaxException;
import java.sql.Timestamp;
import java.util.Iterator;
import java.util.Map;
import java.util.NoSuchElementException;
import org.apache.hadoop.fs.Path;
import org.apache.spark.api.java.function.FlatMapFunction;
import org.apache.spark.broadcast.Broadcast;
import org.apache.spark.sql.Row;
import org.apache.spark.util.LongAccumulator;
import studio.loc.diffusion.image.metadata.OutputMetadata;
import studio.loc.diffusion.progress.CancelledException;

/**
 * One Spark task: the rows of the {@code binaryFile} source (path, modificationTime, length, content) in its
 * partition, each photo edited by a {@link PhotoEditor} on this JVM's {@link JvmEngine}, one outcome per photo.
 * Rows are consumed one by one, so a task holds one photo's bytes at a time.
 */
final class EditPartition implements FlatMapFunction<Iterator<Row>, PhotoOutcome> {

    private static final long serialVersionUID = 1L;

    private final Broadcast<Map<String, PlannedPhoto>> plan;
    private final Broadcast<byte[]> changeBytes;
    private final String changeName;
    private final JvmEngine.Key engineKey;
    private final EditSettings settings;
    private final String output;
    private final HadoopConf hadoopConf;
    private final LongAccumulator edited;
    private final LongAccumulator failed;

    EditPartition(Broadcast<Map<String, PlannedPhoto>> plan, Broadcast<byte[]> changeBytes, String changeName,
                  JvmEngine.Key engineKey, EditSettings settings, String output, HadoopConf hadoopConf,
                  LongAccumulator edited, LongAccumulator failed) {
        this.plan = plan;
        this.changeBytes = changeBytes;
        this.changeName = changeName;
        this.engineKey = engineKey;
        this.settings = settings;
        this.output = output;
        this.hadoopConf = hadoopConf;
        this.edited = edited;
        this.failed = failed;
    }

    @Override
    public Iterator<PhotoOutcome> call(Iterator<Row> rows) throws Exception {
        JvmEngine engine = JvmEngine.get(engineKey, changeBytes.value(), changeName);
        PhotoEditor editor = new PhotoEditor(PhotoOutputs.open(output, hadoopConf.get()), settings,
                picture -> engine.apply(picture, settings.sampling()),
                OutputMetadata.appliedChange(engine.changeName(), settings.strength()));
        Map<String, PlannedPhoto> photos = plan.value();
        return new Iterator<>() {
            private PhotoOutcome next;

            @Override
            public boolean hasNext() {
                while (next == null && rows.hasNext()) {
                    Row row = rows.next();
                    PlannedPhoto photo = photos.get(listedForm(row.getAs("path")));
                    if (photo != null) { // other files were counted on the driver and are skipped
                        next = edit(editor, photo, row);
                    }
                }
                return next != null;
            }

            @Override
            public PhotoOutcome next() {
                if (!hasNext()) {
                    throw new NoSuchElementException();
                }
                PhotoOutcome outcome = next;
                next = null;
                return outcome;
            }
        };
    }

    /**
     * A file as the plan names it, a Hadoop path string ({@code file:/a b.jpg}), from the URL-encoded URIs that the
     * source's {@code path} column and its listing hold ({@code file:///a%20b.jpg}).
     */
    static String listedForm(String pathColumn) {
        try {
            return new Path(new URI(pathColumn)).toString();
        } catch (URISyntaxException e) {
            return pathColumn;
        }
    }

    private PhotoOutcome edit(PhotoEditor editor, PlannedPhoto photo, Row row) {
        long size = row.<Long>getAs("length");
        long modified = row.<Timestamp>getAs("modificationTime").getTime();
        PhotoOutcome outcome;
        try {
            outcome = editor.edit(photo, size, modified, () -> row.<byte[]>getAs("content"));
        } catch (CancelledException e) {
            throw new UncheckedIOException(new IOException("the task was cancelled", e));
        }
        switch (outcome.status()) {
            case DONE -> edited.add(1);
            case FAILED -> failed.add(1);
            case ALREADY_DONE -> { }
        }
        return outcome;
    }
}
