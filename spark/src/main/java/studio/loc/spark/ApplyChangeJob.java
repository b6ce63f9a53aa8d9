package studio.loc.spark;

import java.io.FileNotFoundException;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintWriter;
import java.nio.charset.Charset;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.broadcast.Broadcast;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.util.LongAccumulator;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code loc-studio apply} on Apache Spark: one change file applied to a catalogue of photos on any Hadoop file
 * system, with the same output names and the same bytes as {@code apply} on the same folder.
 *
 * <pre>
 * spark-submit --class studio.loc.spark.ApplyChangeJob loc-studio-spark.jar \
 *     --change look.loc.safetensors --input s3a://bucket/photos/ --output s3a://bucket/graded/ [--strength S]
 * </pre>
 *
 * <p>The driver reads the change file, checks it against the model (a wrong change fails the job before any task
 * starts, with {@code apply}'s message), lists the input with Spark's {@code binaryFile} source and names every
 * output over the whole catalogue. Each task then edits the photos of its partition on its JVM's one engine
 * ({@link JvmEngine}); outputs are written atomically and recorded as done, so a killed job re-run finishes the
 * rest. Photos that cannot be edited go to {@value FailuresTable#FILE_NAME} beside the outputs.
 */
public final class ApplyChangeJob {

    private static final Logger LOG = LoggerFactory.getLogger(ApplyChangeJob.class);
    private static final long PARTITION_BYTES = 128L << 20;
    private static final long PROGRESS_EVERY_SECONDS = 15;

    private ApplyChangeJob() {
    }

    /** The entry point {@code spark-submit} calls; exits 2 on a usage or setup error. */
    public static void main(String[] args) {
        PrintWriter out = new PrintWriter(System.out, true, Charset.defaultCharset());
        PrintWriter err = new PrintWriter(System.err, true, Charset.defaultCharset());
        JobArguments.Parsed parsed = JobArguments.parse(args, out, err);
        if (parsed.options() == null) {
            if (parsed.exitCode() != 0) {
                System.exit(parsed.exitCode());
            }
            return;
        }
        SparkSession spark = SparkSession.builder().appName("LoC Studio: apply a change").getOrCreate();
        int exitCode = 0;
        try {
            out.println(run(spark, parsed.options()).describe());
        } catch (JobSetupException e) {
            err.println("loc-studio-spark: " + e.getMessage());
            exitCode = 2;
        } finally {
            spark.stop();
        }
        if (exitCode != 0) {
            System.exit(exitCode);
        }
    }

    /**
     * Runs the job on {@code spark} to its end. Photos that cannot be edited are in the summary and the failures
     * table; they do not fail the job.
     *
     * @throws JobSetupException when the job cannot start: the change file is missing or made for another model,
     *                           the model is missing, the input is missing, or the output is inside the input
     */
    public static JobSummary run(SparkSession spark, JobOptions options) throws JobSetupException {
        long started = System.nanoTime();
        Configuration conf = spark.sparkContext().hadoopConfiguration();
        byte[] change = readChange(options.change(), conf);
        JvmEngine.Key key = new JvmEngine.Key(options.model(), JvmEngine.hex(EditSettings.sha256(change)),
                options.strength());
        JvmEngine engine = JvmEngine.get(key, change, options.change()); // the check before any task starts
        EditSettings settings = EditSettings.of(engine.modelSha256(), key.changeSha256(), options.strength(),
                engine.defaults(), options.jpegQuality(), options.maxPixels());
        Path input = qualifiedFolder(options.input(), conf);
        PhotoOutputs outputs = prepareOutput(options.output(), input, conf);

        spark.conf().set("spark.sql.files.maxPartitionBytes", PARTITION_BYTES);
        // each file "costs" this much on top of its length, so small photos are not packed 10,000 to a task
        spark.conf().set("spark.sql.files.openCostInBytes", PARTITION_BYTES / options.photosPerTask());
        Dataset<Row> files = spark.read().format("binaryFile")
                .option("recursiveFileLookup", "true")
                .option("ignoreMissingFiles", "true")
                .option("ignoreCorruptFiles", "true")
                .load(input.toString());
        // the source's own listing (done when it was loaded; URIs): no Spark job, no bytes read
        List<String> listed = Stream.of(files.inputFiles()).map(EditPartition::listedForm).toList();
        CatalogPlan plan = CatalogPlan.of(input, listed, options.format());
        LOG.info("{} photos to edit in {} ({} other files skipped); outputs in {}", plan.photos().size(), input,
                plan.otherFiles(), outputs.root());

        JavaSparkContext context = JavaSparkContext.fromSparkContext(spark.sparkContext());
        Broadcast<Map<String, PlannedPhoto>> photos = context.broadcast(plan.photos());
        Broadcast<byte[]> changeBytes = context.broadcast(change);
        LongAccumulator edited = spark.sparkContext().longAccumulator("photos edited");
        LongAccumulator failed = spark.sparkContext().longAccumulator("photos failed");
        EditPartition task = new EditPartition(photos, changeBytes, options.change(), key, settings,
                outputs.root().toString(), new HadoopConf(conf), edited, failed);
        List<PhotoOutcome> outcomes;
        ScheduledExecutorService progress = Executors.newSingleThreadScheduledExecutor(runnable -> {
            Thread thread = new Thread(runnable, "loc-spark-progress");
            thread.setDaemon(true);
            return thread;
        });
        int total = plan.photos().size();
        progress.scheduleAtFixedRate(() -> LOG.info("{} of {} photos edited, {} failed so far", edited.value(), total,
                failed.value()), PROGRESS_EVERY_SECONDS, PROGRESS_EVERY_SECONDS, TimeUnit.SECONDS);
        try {
            outcomes = files.javaRDD().mapPartitions(task).collect();
        } finally {
            progress.shutdownNow();
            photos.destroy();
            changeBytes.destroy();
        }
        return summarise(plan, outcomes, outputs, Duration.ofNanos(System.nanoTime() - started));
    }

    private static JobSummary summarise(CatalogPlan plan, List<PhotoOutcome> outcomes, PhotoOutputs outputs,
                                        Duration elapsed) throws JobSetupException {
        long done = 0;
        long alreadyDone = 0;
        List<PhotoOutcome> failures = new ArrayList<>();
        Set<String> seen = new HashSet<>();
        for (PhotoOutcome outcome : outcomes) {
            seen.add(outcome.input());
            switch (outcome.status()) {
                case DONE -> done++;
                case ALREADY_DONE -> alreadyDone++;
                case FAILED -> failures.add(outcome);
            }
        }
        for (PlannedPhoto photo : plan.photos().values()) {
            if (!seen.contains(photo.input())) { // the file source dropped it (ignoreMissing/CorruptFiles)
                failures.add(new PhotoOutcome(photo.input(), photo.outputKey(), PhotoOutcome.Status.FAILED,
                        "cannot be read: it vanished, changed or could not be opened while the job ran"));
            }
        }
        failures.sort((a, b) -> a.input().compareTo(b.input()));
        Path table;
        try {
            table = FailuresTable.write(outputs, failures);
        } catch (IOException e) {
            throw new JobSetupException("The photos are edited, but the failures table cannot be written in "
                    + outputs.root() + ": " + e.getMessage(), e);
        }
        JobSummary summary = new JobSummary(done, alreadyDone, failures, plan.otherFiles(), table.toString(),
                elapsed);
        LOG.info(summary.describe());
        return summary;
    }

    private static byte[] readChange(String change, Configuration conf) throws JobSetupException {
        Path file = new Path(change);
        try {
            FileSystem fs = file.getFileSystem(conf);
            try (InputStream in = fs.open(file)) {
                return in.readAllBytes();
            }
        } catch (FileNotFoundException e) {
            throw new JobSetupException("Change file not found: " + change, e);
        } catch (IOException e) {
            throw new JobSetupException("Cannot read the change file " + change + ": " + e.getMessage(), e);
        }
    }

    private static Path qualifiedFolder(String folder, Configuration conf) throws JobSetupException {
        Path path = new Path(folder);
        try {
            FileSystem fs = path.getFileSystem(conf);
            Path qualified = fs.makeQualified(path);
            FileStatus status = fs.getFileStatus(qualified);
            if (!status.isDirectory()) {
                throw new JobSetupException("The input " + qualified + " is a file; give the folder of photos.");
            }
            return qualified;
        } catch (FileNotFoundException e) {
            throw new JobSetupException("Input not found: " + folder, e);
        } catch (IOException e) {
            throw new JobSetupException("Cannot read the input folder " + folder + ": " + e.getMessage(), e);
        }
    }

    /** Refuses an output that would touch the originals, creates it and clears what killed attempts left. */
    private static PhotoOutputs prepareOutput(String output, Path input, Configuration conf)
            throws JobSetupException {
        try {
            PhotoOutputs outputs = PhotoOutputs.open(output, conf);
            String out = withSlash(outputs.root().toString());
            String in = withSlash(input.toString());
            if (out.equals(in)) {
                throw new JobSetupException("The output folder is the input folder " + input
                        + "; choose a separate output folder (originals are never overwritten).");
            }
            if (out.startsWith(in) || in.startsWith(out)) {
                throw new JobSetupException("The output folder " + outputs.root() + " and the input folder " + input
                        + " lie one inside the other; choose an output folder outside the input (originals are "
                        + "never touched).");
            }
            FileSystem fs = outputs.fileSystem();
            if (fs.exists(outputs.root()) && !fs.getFileStatus(outputs.root()).isDirectory()) {
                throw new JobSetupException("The output " + outputs.root() + " is a file; name a folder for the "
                        + "results.");
            }
            fs.mkdirs(outputs.root());
            outputs.deleteLeftovers();
            return outputs;
        } catch (IOException e) {
            throw new JobSetupException("Cannot use the output folder " + output + ": " + e.getMessage(), e);
        }
    }

    private static String withSlash(String path) {
        return path.endsWith("/") ? path : path + "/";
    }
}
