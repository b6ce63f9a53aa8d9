package studio.loc.app;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.opencv.core.Core;
import org.opencv.core.Scalar;
import studio.loc.app.batch.ImageCodec;
import studio.loc.app.batch.PictureFilesCodec;
import studio.loc.app.batch.UnreadableImageException;
import studio.loc.diffusion.image.ImageFormat;
import studio.loc.diffusion.image.ImageLimits;
import studio.loc.diffusion.image.Picture;
import studio.loc.diffusion.image.PictureReader;

/** The folder batch through the real command line ({@code loc-studio apply}), with the gain test engine. */
class BatchCliTest {

    @TempDir
    Path tmp;

    CliHarness cli;
    Path change;

    @BeforeEach
    void learnAChange() throws Exception {
        cli = new CliHarness(tmp);
        Path before = CliHarness.photo(tmp.resolve("pair/before.png"), 32, 32);
        Path after = CliHarness.warmer(before, tmp.resolve("pair/after.png"));
        var learned = cli.runWithModel("learn", "--before", before.toString(), "--after", after.toString(),
                "-o", tmp.resolve("warm.loc.safetensors").toString());
        assertEquals(0, learned.exitCode(), learned.all());
        change = tmp.resolve("warm.loc.safetensors");
    }

    private CliHarness.Result apply(String... args) {
        String[] all = new String[args.length + 2];
        all[0] = "--change";
        all[1] = change.toString();
        System.arraycopy(args, 0, all, 2, args.length);
        return cli.runWithModel("apply", all);
    }

    @Test
    void mixedFolderEditsGoodPhotosAndListsBadOnesWithReasons() throws Exception {
        Path in = tmp.resolve("in");
        CliHarness.photo(in.resolve("a.png"), 32, 24);
        CliHarness.photo(in.resolve("trip/b.jpg"), 16, 16);
        CliHarness.photo(in.resolve("trip/deep/c.tif"), 20, 12, 16, ImageFormat.TIFF);
        CliHarness.photo(in.resolve("huge.png"), 64, 64);
        Files.writeString(in.resolve("notes.txt"), "not a photo");
        Files.write(in.resolve("corrupt.png"), new byte[] {(byte) 0x89, 'P', 'N', 'G', 13, 10, 26, 10, 0, 0, 0, 13,
                'I', 'H', 'D', 'R', 0, 0, 0, 8, 0, 0, 0, 8, 8, 2, 0, 0, 0, 1, 2, 3, 4, 5});
        Map<Path, String> originals = snapshot(in);
        Path out = tmp.resolve("out");

        var result = apply("--max-megapixels", "0.003", in.toString(), "-o", out.toString());

        assertEquals(1, result.exitCode(), result.all());
        assertTrue(result.err().contains("corrupt.png"), result.err());
        assertTrue(result.err().contains("huge.png") && result.err().contains("megapixels"), result.err());
        assertFalse(result.err().contains("notes.txt"), "non-images are skipped quietly: " + result.err());
        assertTrue(result.out().contains("1 other file skipped"), result.out());
        assertSameImage(in.resolve("a.png"), out.resolve("a.png"), ImageFormat.PNG, 8);
        assertSameImage(in.resolve("trip/b.jpg"), out.resolve("trip/b.jpg"), ImageFormat.JPEG, 8);
        assertSameImage(in.resolve("trip/deep/c.tif"), out.resolve("trip/deep/c.tif"), ImageFormat.TIFF, 16);
        assertFalse(Files.exists(out.resolve("huge.png")));
        assertFalse(Files.exists(out.resolve("corrupt.png")));
        assertFalse(Files.exists(out.resolve("notes.txt")));
        assertRedder(in.resolve("a.png"), out.resolve("a.png"));

        List<String> report = Files.readAllLines(out.resolve("loc-batch-report.csv"));
        assertEquals("status,input,output,reason", report.getFirst());
        assertTrue(row(report, "corrupt.png").startsWith("failed,"), report.toString());
        assertTrue(row(report, "huge.png").startsWith("failed,") && row(report, "huge.png").contains("megapixels"));
        assertTrue(row(report, "notes.txt").startsWith("skipped-not-image,"));
        assertTrue(row(report, "a.png").startsWith("done,"));
        assertEquals(originals, snapshot(in), "inputs must never change");
        assertEquals(1, cli.probe.prepared.get(), "the change is prepared once per run");
    }

    @Test
    void cancelledRunResumesWithoutRedoingOrDuplicating() throws Exception {
        Path in = tmp.resolve("in");
        for (int i = 0; i < 6; i++) {
            CliHarness.photo(in.resolve("p" + i + ".png"), 16, 16);
        }
        Path out = tmp.resolve("out");
        cli.probe.afterApply = n -> {
            if (n == 2) {
                cli.cancel.cancel(); // as Ctrl-C would, in the middle of the third photo's turn
            }
        };

        var first = apply(in.toString(), "-o", out.toString());

        assertEquals(130, first.exitCode(), first.all());
        assertTrue(first.err().contains("Cancelled"), first.err());
        assertEquals(2, pngsIn(out).size(), "the current photo finishes, no further one starts");
        assertNoTemporaryFiles(out);

        cli.probe.afterApply = n -> { };
        cli.cancel = new studio.loc.diffusion.progress.CancellationToken();
        cli.probe.applied.set(0);
        var second = apply(in.toString(), "-o", out.toString());

        assertEquals(0, second.exitCode(), second.all());
        assertEquals(4, cli.probe.applied.get(), "only the photos not yet done are edited");
        assertTrue(second.out().contains("2 already done"), second.out());
        assertEquals(6, pngsIn(out).size());
        assertNoTemporaryFiles(out);
        List<String> journal = Files.readAllLines(out.resolve(".loc-batch.jsonl"));
        assertEquals(6, journal.size(), "one record per photo, none twice: " + journal);

        cli.probe.applied.set(0);
        var third = apply(in.toString(), "-o", out.toString());
        assertEquals(0, third.exitCode());
        assertEquals(0, cli.probe.applied.get(), "a finished batch has nothing left to do");

        var redo = apply("--no-resume", in.toString(), "-o", out.toString());
        assertEquals(0, redo.exitCode());
        assertEquals(6, cli.probe.applied.get(), "--no-resume redoes everything");

        cli.probe.applied.set(0);
        var stronger = apply("--strength", "0.5", in.toString(), "-o", out.toString());
        assertEquals(0, stronger.exitCode());
        assertEquals(6, cli.probe.applied.get(), "other settings make other outputs");
    }

    @Test
    void resumeRedoesAnOutputThatWasDamagedOrWhoseInputChanged() throws Exception {
        Path in = tmp.resolve("in");
        CliHarness.photo(in.resolve("a.png"), 16, 16);
        CliHarness.photo(in.resolve("b.png"), 16, 16);
        Path out = tmp.resolve("out");
        assertEquals(0, apply(in.toString(), "-o", out.toString()).exitCode());
        Files.write(out.resolve("a.png"), new byte[10]); // a truncated output, e.g. copied by hand
        Files.writeString(out.resolve(".b.png.1234abcd.loc-partial.png"), "left by kill -9");
        CliHarness.photo(in.resolve("b.png"), 24, 24); // the user re-exported the photo
        cli.probe.applied.set(0);

        var again = apply(in.toString(), "-o", out.toString());

        assertEquals(0, again.exitCode(), again.all());
        assertEquals(2, cli.probe.applied.get());
        assertEquals(24, CliHarness.header(out.resolve("b.png")).width());
        assertEquals(16, CliHarness.header(out.resolve("a.png")).width());
        assertNoTemporaryFiles(out);
    }

    @Test
    void linkedFoldersAreFollowedAndLinkLoopsReported() throws Exception {
        Path library = tmp.resolve("library");
        CliHarness.photo(library.resolve("linked.png"), 16, 16);
        Path in = tmp.resolve("in");
        CliHarness.photo(in.resolve("own.png"), 16, 16);
        try {
            Files.createSymbolicLink(in.resolve("library"), library);
            Files.createSymbolicLink(in.resolve("loop"), in);
        } catch (UnsupportedOperationException | IOException e) {
            Assumptions.abort("no symbolic links here: " + e);
        }
        Path out = tmp.resolve("out");

        var result = apply(in.toString(), "-o", out.toString());

        assertEquals(0, result.exitCode(), "a loop is skipped, not a failed photo: " + result.all());
        assertTrue(Files.exists(out.resolve("own.png")));
        assertTrue(Files.exists(out.resolve("library/linked.png")));
        assertTrue(result.out().contains("1 other file skipped"), result.out());
        List<String> report = Files.readAllLines(out.resolve("loc-batch-report.csv"));
        assertTrue(row(report, "loop").startsWith("skipped-not-image,") && row(report, "loop").contains("loops back"),
                report.toString());
    }

    @Test
    void veryLongFileNamesStillGetTemporaryNamesWithinLimits() throws Exception {
        String name = "x".repeat(240) + ".png";
        Path in = tmp.resolve("in");
        Files.move(CliHarness.photo(in.resolve("short.png"), 8, 8), in.resolve(name));

        var result = apply(in.toString(), "-o", tmp.resolve("out").toString());

        assertEquals(0, result.exitCode(), result.all());
        assertTrue(Files.exists(tmp.resolve("out").resolve(name)));
    }

    @Test
    void collidingOutputNamesGetDistinctDeterministicNames() throws Exception {
        Path in = tmp.resolve("in");
        CliHarness.photo(in.resolve("a.jpg"), 16, 16);
        CliHarness.photo(in.resolve("a.png"), 24, 24);
        CliHarness.photo(in.resolve("b.tif"), 8, 8);
        Path out = tmp.resolve("out");

        var result = apply("--format", "png", in.toString(), "-o", out.toString());

        assertEquals(0, result.exitCode(), result.all());
        assertEquals(16, CliHarness.header(out.resolve("a_jpg.png")).width());
        assertEquals(24, CliHarness.header(out.resolve("a_png.png")).width());
        assertEquals(ImageFormat.PNG, CliHarness.header(out.resolve("b.png")).format());
        assertEquals(List.of("a_jpg.png", "a_png.png", "b.png", "loc-batch-report.csv"),
                CliHarness.filesUnder(out).stream().map(p -> p.getFileName().toString())
                        .filter(n -> !n.startsWith(".")).toList());
    }

    @Test
    void outputFolderInsideInputIsRefusedUnlessAllowed() throws Exception {
        Path in = tmp.resolve("in");
        CliHarness.photo(in.resolve("a.png"), 16, 16);
        Path inside = in.resolve("edited");

        var refused = apply(in.toString(), "-o", inside.toString());
        assertEquals(2, refused.exitCode());
        assertTrue(refused.err().contains("--allow-inside-input"), refused.err());
        assertFalse(Files.exists(inside.resolve("a.png")));

        var same = apply(in.toString(), "-o", in.toString());
        assertEquals(2, same.exitCode());

        var allowed = apply("--allow-inside-input", in.toString(), "-o", inside.toString());
        assertEquals(0, allowed.exitCode(), allowed.all());
        var again = apply("--allow-inside-input", "--no-resume", in.toString(), "-o", inside.toString());
        assertEquals(0, again.exitCode());
        assertFalse(Files.exists(inside.resolve("edited")), "the output folder is never taken as input");
        assertEquals(1, pngsIn(inside).size());
    }

    @Test
    void singlePhotoToFileNeverOverwritesTheOriginal() throws Exception {
        Path photo = CliHarness.photo(tmp.resolve("portrait.png"), 20, 10);
        byte[] original = Files.readAllBytes(photo);

        var same = apply(photo.toString(), "-o", photo.toString());
        assertEquals(2, same.exitCode());
        assertTrue(same.err().contains("never overwritten"), same.err());
        assertArrayEquals(original, Files.readAllBytes(photo));

        Path webp = tmp.resolve("portrait-warm.webp");
        var toWebp = apply(photo.toString(), "-o", webp.toString());
        assertEquals(0, toWebp.exitCode(), toWebp.all());
        assertEquals(ImageFormat.WEBP, CliHarness.header(webp).format());
        assertEquals(20, CliHarness.header(webp).width());
        assertFalse(Files.exists(tmp.resolve("loc-batch-report.csv")), "a single photo leaves no report behind");
        var disagree = apply("--format", "jpeg", photo.toString(), "-o", tmp.resolve("x.png").toString());
        assertEquals(2, disagree.exitCode());
        assertFalse(Files.exists(tmp.resolve("x.png")));
    }

    @Test
    void readOnlyOutputFolderIsRefusedBeforeAnythingIsEdited() throws Exception {
        Path in = tmp.resolve("in");
        CliHarness.photo(in.resolve("a.png"), 16, 16);
        Path out = Files.createDirectories(tmp.resolve("locked"));
        assertTrue(out.toFile().setWritable(false, false));
        try {
            Assumptions.assumeFalse(Files.isWritable(out), "running as root: permissions are not enforced");
            var result = apply(in.toString(), "-o", out.toString());
            assertEquals(2, result.exitCode());
            assertTrue(result.err().contains("read-only"), result.err());
            assertEquals(0, cli.probe.applied.get());
        } finally {
            out.toFile().setWritable(true, false);
        }
    }

    @Test
    void outputThatCannotBeCreatedIsAUsageError() throws Exception {
        Path in = tmp.resolve("in");
        CliHarness.photo(in.resolve("a.png"), 16, 16);
        Files.writeString(tmp.resolve("a-file"), "x");

        var result = apply(in.toString(), "-o", tmp.resolve("a-file/out").toString());

        assertEquals(2, result.exitCode());
        assertTrue(result.err().contains("Cannot create the output folder"), result.err());
        assertFalse(result.err().contains("\tat "), "no stack trace without --debug");
    }

    @Test
    void fullDiskStopsTheRunCleanlyAndTheRerunFinishes() throws Exception {
        Path in = tmp.resolve("in");
        for (int i = 0; i < 5; i++) {
            CliHarness.photo(in.resolve("p" + i + ".png"), 16, 16);
        }
        Path out = tmp.resolve("out");
        ImageCodec real = new PictureFilesCodec();
        int[] writes = {0};
        cli.codec = new ImageCodec() {
            @Override
            public Optional<String> formatOf(String fileName) {
                return real.formatOf(fileName);
            }

            @Override
            public String extensionFor(String format) {
                return real.extensionFor(format);
            }

            @Override
            public Picture read(Path file, long maxPixels) throws UnreadableImageException {
                return real.read(file, maxPixels);
            }

            @Override
            public void write(Picture picture, Path file, String format, int quality) throws IOException {
                if (++writes[0] == 3) {
                    Files.writeString(file, "half a file"); // what a disk that filled up mid-write leaves
                    throw new IOException(file + ": No space left on device");
                }
                real.write(picture, file, format, quality);
            }
        };

        var full = apply(in.toString(), "-o", out.toString());

        assertEquals(1, full.exitCode(), full.all());
        assertTrue(full.err().contains("is full"), full.err());
        assertEquals(2, pngsIn(out).size());
        assertNoTemporaryFiles(out);

        cli.codec = real;
        cli.probe.applied.set(0);
        var rerun = apply(in.toString(), "-o", out.toString());
        assertEquals(0, rerun.exitCode(), rerun.all());
        assertEquals(3, cli.probe.applied.get());
        assertEquals(5, pngsIn(out).size());
    }

    @Test
    void changeForAnotherModelIsRefusedNamingBothModels() throws Exception {
        Path other = GainEngine.modelFolder(tmp.resolve("models"), "other-model");
        Path before = tmp.resolve("pair/before.png");
        Path after = tmp.resolve("pair/after.png");
        var learned = cli.run("learn", "--model", other.toString(), "--before", before.toString(), "--after",
                after.toString(), "-o", tmp.resolve("foreign").toString());
        assertEquals(0, learned.exitCode(), learned.all());
        Path foreign = tmp.resolve("foreign.loc.safetensors");
        assertTrue(Files.exists(foreign), "the suffix is added");
        CliHarness.photo(tmp.resolve("in/a.png"), 16, 16);

        var result = cli.runWithModel("apply", "--change", foreign.toString(), tmp.resolve("in").toString(), "-o",
                tmp.resolve("out").toString());

        assertEquals(2, result.exitCode());
        assertTrue(result.err().contains("other-model") && result.err().contains("tiny-test"), result.err());
    }

    private static String row(List<String> report, String fileName) {
        return report.stream().filter(line -> line.contains(fileName)).findFirst().orElse("(no row for " + fileName
                + ")");
    }

    /** Each file's content digest, so "inputs unchanged" can be compared with equals. */
    private static Map<Path, String> snapshot(Path folder) throws Exception {
        Map<Path, String> digests = new HashMap<>();
        for (Path file : CliHarness.filesUnder(folder)) {
            byte[] digest = java.security.MessageDigest.getInstance("SHA-256").digest(Files.readAllBytes(file));
            digests.put(file, java.util.HexFormat.of().formatHex(digest));
        }
        return digests;
    }

    private static List<Path> pngsIn(Path folder) throws IOException {
        return CliHarness.filesUnder(folder).stream().filter(p -> p.getFileName().toString().endsWith(".png")
                && !p.getFileName().toString().startsWith(".")).toList();
    }

    private static void assertNoTemporaryFiles(Path folder) throws IOException {
        for (Path file : CliHarness.filesUnder(folder)) {
            String name = file.getFileName().toString();
            assertTrue(!name.startsWith(".") || name.equals(".loc-batch.jsonl"), "left behind: " + file);
        }
    }

    private static void assertSameImage(Path input, Path output, ImageFormat format, int bitDepth) throws Exception {
        var in = CliHarness.header(input);
        var out = CliHarness.header(output);
        assertEquals(format, out.format());
        assertEquals(in.width(), out.width());
        assertEquals(in.height(), out.height());
        try (Picture picture = PictureReader.read(output, ImageLimits.DEFAULT)) {
            assertEquals(bitDepth, picture.bitDepth());
        }
    }

    private static void assertRedder(Path input, Path output) throws Exception {
        try (Picture before = PictureReader.read(input, ImageLimits.DEFAULT);
             Picture after = PictureReader.read(output, ImageLimits.DEFAULT)) {
            Scalar b = Core.mean(before.rgb());
            Scalar a = Core.mean(after.rgb());
            assertTrue(a.val[0] > b.val[0] + 0.05 && a.val[2] < b.val[2] - 0.03,
                    "warm change applied: " + b + " -> " + a);
        }
    }
}
