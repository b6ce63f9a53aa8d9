package studio.loc.spark;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import studio.loc.diffusion.image.ImageFormat;

/**
 * The job end to end in {@code local[2]} on a generated catalogue with bad files, checked against
 * {@code loc-studio apply} run on the same folder with the same tiny real model and change.
 */
class ApplyChangeJobTest {

    private static final int PHOTOS = 240;
    private static final int SIZE = 64;
    private static final int GOOD = PHOTOS + Catalogue.EXTRA_PHOTOS;
    /** apply's own files in its output folder, and the job's; neither is an edited photo. */
    private static final String[] BOOKKEEPING = {".loc-batch.jsonl", "loc-batch-report.csv",
        PhotoOutputs.WORK_FOLDER, FailuresTable.FILE_NAME};

    @TempDir
    static Path tmp;

    static SparkSession spark;
    static Path model;
    static Path otherModel;
    static Path change;
    static Path otherChange;
    static Path photos;
    static Path byApply;
    static Map<String, byte[]> applied;

    @BeforeAll
    static void catalogueModelsAndTheReference() throws Exception {
        model = TinyModel.write(tmp.resolve("models/tiny-a"), "tiny-a", 11);
        otherModel = TinyModel.write(tmp.resolve("models/tiny-b"), "tiny-b", 29);
        change = TinyModel.learnWarm(model, tmp.resolve("warm.loc.safetensors"));
        otherChange = TinyModel.learnWarm(otherModel, tmp.resolve("warm-b.loc.safetensors"));
        photos = Catalogue.write(tmp.resolve("photos"), PHOTOS, SIZE);
        byApply = tmp.resolve("by-apply");
        ApplyCli.Result result = ApplyCli.run(tmp, "apply", "--model", model.toString(), "-c", change.toString(),
                photos.toString(), "-o", byApply.toString(), "-q");
        assertEquals(1, result.exitCode(), "apply reports the bad files: " + result.err());
        applied = Catalogue.files(byApply, BOOKKEEPING);
        assertEquals(GOOD, applied.size(), "apply edited every good photo");
        spark = SparkSession.builder().master("local[2]").appName("ApplyChangeJobTest")
                .config("spark.ui.enabled", "false").config("spark.driver.host", "127.0.0.1").getOrCreate();
    }

    @AfterAll
    static void stopSpark() {
        if (spark != null) {
            spark.stop();
        }
    }

    private static JobOptions options(Path output) {
        return JobOptions.of(change.toUri().toString(), photos.toUri().toString(), output.toUri().toString())
                .withModel(model.toString());
    }

    @Test
    void outputsAreByteIdenticalToApplyAndBadPhotosAreInTheFailuresTable() throws Exception {
        Path output = tmp.resolve("by-spark");
        JobSummary summary = ApplyChangeJob.run(spark, options(output));

        assertEquals(GOOD, summary.edited(), summary.describe());
        assertEquals(0, summary.alreadyDone());
        assertEquals(1, summary.otherFiles(), "notes.txt is skipped (the hidden file Spark's listing leaves out)");
        assertSameFiles(applied, Catalogue.files(output, BOOKKEEPING));
        assertEquals(ApplyCli.failures(byApply), failuresTable(output),
                "the same photos fail, for the same reasons, as in apply's report");
        assertNoPartialFiles(output);

        JobSummary again = ApplyChangeJob.run(spark, options(output));
        assertEquals(0, again.edited(), "a re-run with the same change and strength redoes nothing");
        assertEquals(GOOD, again.alreadyDone());
        assertEquals(2, again.failed());
        assertSameFiles(applied, Catalogue.files(output, BOOKKEEPING));
    }

    @Test
    void aForcedFormatNamesAndEncodesLikeApplyAndAnotherStrengthRedoes() throws Exception {
        Path small = tmp.resolve("clashes");
        Catalogue.write(small.resolve("a/x.jpg"), Catalogue.picture(40, 32, 1, 8, false), ImageFormat.JPEG);
        Catalogue.write(small.resolve("a/x.png"), Catalogue.picture(40, 32, 2, 16, true), ImageFormat.PNG);
        Catalogue.write(small.resolve("a/Y.png"), Catalogue.picture(36, 32, 3, 8, false), ImageFormat.PNG);
        Catalogue.write(small.resolve("a/y.png"), Catalogue.picture(32, 36, 4, 8, false), ImageFormat.PNG);
        Catalogue.write(small.resolve("b/z.tif"), Catalogue.picture(32, 32, 5, 16, false), ImageFormat.TIFF);
        Path reference = tmp.resolve("clashes-by-apply");
        ApplyCli.Result result = ApplyCli.run(tmp, "apply", "--model", model.toString(), "-c", change.toString(),
                "--strength", "0.5", "--format", "png", small.toString(), "-o", reference.toString(), "-q");
        assertEquals(0, result.exitCode(), result.err());

        Path output = tmp.resolve("clashes-by-spark");
        JobOptions options = JobOptions.of(change.toString(), small.toString(), output.toString())
                .withModel(model.toString()).withFormat("png");
        ApplyChangeJob.run(spark, options.withStrength(1));
        JobSummary summary = ApplyChangeJob.run(spark, options.withStrength(0.5));

        assertEquals(5, summary.edited(), "another strength redoes every photo: " + summary.describe());
        Map<String, byte[]> expected = Catalogue.files(reference, BOOKKEEPING);
        assertEquals(List.of("a/Y.png", "a/x_jpg.png", "a/x_png.png", "a/y-2.png", "b/z.png"),
                new ArrayList<>(expected.keySet()), "apply's clash rules, as the job must follow them");
        assertSameFiles(expected, Catalogue.files(output, BOOKKEEPING));
    }

    @Test
    void aKilledJobReRunCompletesWithNoPartialOrDuplicateFile() throws Exception {
        Path output = tmp.resolve("killed");
        Process job = startJobProcess(output, tmp.resolve("killed.log"));
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(120);
        while (outputsIn(output) < 12 && job.isAlive() && System.nanoTime() < deadline) {
            Thread.sleep(20);
        }
        assertTrue(job.isAlive(), "the job was still running when killed; log: "
                + Files.readString(tmp.resolve("killed.log")));
        job.destroyForcibly().waitFor();
        int written = outputsIn(output);
        System.err.printf("killed after %.1f s with %d outputs%n",
                (System.nanoTime() - deadline) / 1e9 + 120, written);
        assertTrue(written < PHOTOS, "killed midway, after " + written + " photos");
        // what a kill at the worst moment leaves: a half-written temporary file, and (from a foreign tool or a
        // file system without atomic rename) a truncated output without a done record
        Path partial = output.resolve(PhotoOutputs.WORK_FOLDER).resolve("partial/0123.photo-0007.jpg");
        Files.createDirectories(partial.getParent());
        Files.write(partial, new byte[] {(byte) 0xFF, (byte) 0xD8});
        Path truncated = output.resolve("shop-0/aisle-1/photo-0009.png");
        Files.createDirectories(truncated.getParent());
        Files.write(truncated, new byte[] {'I', 'I', 42, 0});
        Files.deleteIfExists(output.resolve(PhotoOutputs.WORK_FOLDER)
                .resolve("done/shop-0/aisle-1/photo-0009.png.json"));

        JobSummary summary = ApplyChangeJob.run(spark, options(output));

        assertEquals(GOOD, summary.edited() + summary.alreadyDone(), summary.describe());
        assertTrue(summary.alreadyDone() >= written - 3, "the photos finished before the kill are kept: "
                + summary.describe());
        assertSameFiles(applied, Catalogue.files(output, BOOKKEEPING));
        assertNoPartialFiles(output);
    }

    @Test
    void aChangeForAnotherModelFailsTheJobAtOnceWithApplysMessage() throws Exception {
        Path cliOutput = tmp.resolve("wrong-by-apply");
        ApplyCli.Result cli = ApplyCli.run(tmp, "apply", "--model", model.toString(), "-c", otherChange.toString(),
                photos.toString(), "-o", cliOutput.toString());
        assertEquals(2, cli.exitCode(), cli.err());
        int jobsBefore = spark.sparkContext().statusTracker().getJobIdsForGroup(null).length;
        Path output = tmp.resolve("wrong-by-spark");

        JobSetupException refused = assertThrows(JobSetupException.class, () -> ApplyChangeJob.run(spark,
                JobOptions.of(otherChange.toString(), photos.toString(), output.toString())
                        .withModel(model.toString())));

        assertEquals(cli.err().strip(), "loc-studio: " + refused.getMessage());
        assertTrue(refused.getMessage().contains("tiny-b") && refused.getMessage().contains("tiny-a"),
                refused.getMessage());
        assertEquals(jobsBefore, spark.sparkContext().statusTracker().getJobIdsForGroup(null).length,
                "no Spark job ran");
        assertFalse(Files.exists(output), "nothing was written");
    }

    /** ApplyChangeJob.main in its own JVM, as spark-submit would start it, in local[2]. */
    private static Process startJobProcess(Path output, Path log) throws IOException {
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        for (String argument : ManagementFactory.getRuntimeMXBean().getInputArguments()) {
            if (argument.startsWith("--add-opens") || argument.startsWith("-D") || argument.startsWith("--enable")
                    || argument.startsWith("--sun-misc") || argument.startsWith("-Xss")) {
                command.add(argument);
            }
        }
        command.addAll(List.of("-Dspark.master=local[2]", "-Dspark.ui.enabled=false",
                "-Dspark.driver.host=127.0.0.1", "-cp", System.getProperty("java.class.path"),
                ApplyChangeJob.class.getName(), "--model", model.toString(), "--change", change.toString(),
                "--input", photos.toString(), "--output", output.toString(), "--photos-per-task", "4"));
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile());
        builder.environment().put("OMP_NUM_THREADS", "1");
        return builder.start();
    }

    private static int outputsIn(Path output) throws IOException {
        if (!Files.isDirectory(output)) {
            return 0;
        }
        try {
            return Catalogue.files(output, BOOKKEEPING).size();
        } catch (java.io.UncheckedIOException e) {
            return 0; // a temporary file was renamed away during the walk: look again at the next poll
        }
    }

    private static Map<String, String> failuresTable(Path output) throws IOException {
        List<String> lines = Files.readAllLines(output.resolve(FailuresTable.FILE_NAME), StandardCharsets.UTF_8);
        assertEquals("path,reason", lines.getFirst());
        Map<String, String> failures = new TreeMap<>();
        for (String line : lines.subList(1, lines.size())) {
            List<String> cells = ApplyCli.csvCells(line);
            failures.put(new org.apache.hadoop.fs.Path(cells.get(0)).toUri().getPath(), cells.get(1));
        }
        return failures;
    }

    private static void assertSameFiles(Map<String, byte[]> expected, Map<String, byte[]> actual) {
        Set<String> missing = new TreeSet<>(expected.keySet());
        missing.removeAll(actual.keySet());
        Set<String> extra = new TreeSet<>(actual.keySet());
        extra.removeAll(expected.keySet());
        assertEquals(List.of(), List.copyOf(missing), "outputs apply wrote that are missing");
        assertEquals(List.of(), List.copyOf(extra), "outputs apply did not write (duplicates or strays)");
        for (var entry : expected.entrySet()) {
            assertArrayEquals(entry.getValue(), actual.get(entry.getKey()), entry.getKey() + " differs from apply's");
        }
    }

    private static void assertNoPartialFiles(Path output) throws IOException {
        try (Stream<Path> files = Files.walk(output)) {
            List<Path> partial = files.filter(Files::isRegularFile)
                    .filter(f -> f.toString().contains("/partial/") || f.getFileName().toString().startsWith("."))
                    .toList();
            assertEquals(List.of(), partial, "no temporary or hidden file is left");
        }
    }
}
