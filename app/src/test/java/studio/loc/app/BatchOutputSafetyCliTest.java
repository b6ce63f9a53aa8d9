package studio.loc.app;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import studio.loc.diffusion.pipeline.UnusableEditException;

/** Which names a batch writes to, and which existing files it may replace. */
class BatchOutputSafetyCliTest {

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
    void outputNamesDoNotDependOnArgumentOrder() throws Exception {
        Path x = CliHarness.photo(tmp.resolve("x/a.png"), 16, 16);
        Path y = CliHarness.photo(tmp.resolve("y/a.png"), 24, 24);
        Path out = tmp.resolve("out");

        var first = apply(y.toString(), x.toString(), "-o", out.toString());
        assertEquals(0, first.exitCode(), first.all());
        assertEquals(16, CliHarness.header(out.resolve("a.png")).width(), "numbered by path, not by argument");
        assertEquals(24, CliHarness.header(out.resolve("a-2.png")).width());
        cli.probe.applied.set(0);

        var swapped = apply(x.toString(), y.toString(), "-o", out.toString());

        assertEquals(0, swapped.exitCode(), swapped.all());
        assertEquals(0, cli.probe.applied.get(), "nothing is redone: " + swapped.all());
        assertTrue(swapped.out().contains("2 already done"), swapped.out());
        assertEquals(16, CliHarness.header(out.resolve("a.png")).width());
        assertEquals(24, CliHarness.header(out.resolve("a-2.png")).width());
    }

    @Test
    void anInputKeepsItsRecordedNameWhenAnotherWithTheSameNameJoins() throws Exception {
        Path x = CliHarness.photo(tmp.resolve("x/a.png"), 16, 16);
        Path w = CliHarness.photo(tmp.resolve("w/a.png"), 24, 24); // sorts before x
        Path out = tmp.resolve("out");
        assertEquals(0, apply(x.toString(), "-o", out.toString()).exitCode());
        cli.probe.applied.set(0);

        var joined = apply(x.toString(), w.toString(), "-o", out.toString());

        assertEquals(0, joined.exitCode(), joined.all());
        assertEquals(1, cli.probe.applied.get(), "only the new photo is edited: " + joined.all());
        assertEquals(16, CliHarness.header(out.resolve("a.png")).width());
        assertEquals(24, CliHarness.header(out.resolve("a-2.png")).width());
    }

    @Test
    void aUsersOwnFileInTheOutputFolderIsNeverReplaced() throws Exception {
        Path in = tmp.resolve("s2");
        CliHarness.photo(in.resolve("good.png"), 16, 16);
        CliHarness.photo(in.resolve("other.png"), 16, 16);
        Path out = tmp.resolve("pre");
        Path users = CliHarness.photo(out.resolve("good.png"), 40, 30);
        byte[] usersBytes = Files.readAllBytes(users);

        var first = apply(in.toString(), "-o", out.toString());

        assertEquals(0, first.exitCode(), first.all());
        assertArrayEquals(usersBytes, Files.readAllBytes(users), "the user's file is kept as it was");
        assertEquals(16, CliHarness.header(out.resolve("good-2.png")).width(), "the output gets another name");
        cli.probe.applied.set(0);

        var again = apply(in.toString(), "-o", out.toString());
        assertEquals(0, again.exitCode(), again.all());
        assertEquals(0, cli.probe.applied.get(), again.all());

        var stronger = apply("--strength", "0.5", in.toString(), "-o", out.toString());
        assertEquals(0, stronger.exitCode(), stronger.all());
        assertEquals(2, cli.probe.applied.get(), "the batch's own outputs are redone in place");
        assertArrayEquals(usersBytes, Files.readAllBytes(users));
        assertFalse(Files.exists(out.resolve("good-3.png")));

        Path elsewhere = tmp.resolve("pre2");
        Path usersToo = CliHarness.photo(elsewhere.resolve("good.png"), 40, 30);
        var overwrite = apply("--overwrite", in.toString(), "-o", elsewhere.toString());
        assertEquals(0, overwrite.exitCode(), overwrite.all());
        assertEquals(16, CliHarness.header(usersToo).width(), "--overwrite replaces it");
    }

    @Test
    void anExistingOutputFileIsKeptUnlessOverwriteIsGiven() throws Exception {
        Path photo = CliHarness.photo(tmp.resolve("a.jpg"), 16, 16);
        Path existing = CliHarness.photo(tmp.resolve("existing.jpg"), 40, 30);
        byte[] before = Files.readAllBytes(existing);

        var refused = apply(photo.toString(), "-o", existing.toString());

        assertEquals(2, refused.exitCode(), refused.all());
        assertTrue(refused.err().contains("already exists") && refused.err().contains("--overwrite"),
                refused.err());
        assertArrayEquals(before, Files.readAllBytes(existing));

        var replaced = apply("--overwrite", photo.toString(), "-o", existing.toString());
        assertEquals(0, replaced.exitCode(), replaced.all());
        assertEquals(16, CliHarness.header(existing).width());
    }

    @Test
    void pipesAndLoopingFileLinksAreCountedAndReportedAsSkipped() throws Exception {
        Path in = tmp.resolve("in");
        CliHarness.photo(in.resolve("a.png"), 16, 16);
        try {
            Files.createSymbolicLink(in.resolve("self.png"), in.resolve("self.png"));
            Process mkfifo = new ProcessBuilder("mkfifo", in.resolve("pipe.png").toString()).start();
            Assumptions.assumeTrue(mkfifo.waitFor() == 0, "mkfifo failed");
        } catch (UnsupportedOperationException | IOException e) {
            Assumptions.abort("no links or pipes here: " + e);
        }
        Path out = tmp.resolve("out");

        var result = apply(in.toString(), "-o", out.toString());

        assertEquals(0, result.exitCode(), result.all());
        assertTrue(result.out().contains("2 other files skipped"), result.out());
        List<String> report = Files.readAllLines(out.resolve("loc-batch-report.csv"));
        assertTrue(report.contains("skipped-not-image," + in.resolve("pipe.png")
                + ",,\"not a regular file (a pipe, socket or device)\""), report.toString());
        assertTrue(report.contains("skipped-not-image," + in.resolve("self.png")
                + ",,a link that loops or leads nowhere (not followed)"), report.toString());
    }

    @Test
    void aMissingInputIsReportedAsNotFoundWhateverTheOutputName() throws Exception {
        Path missing = tmp.resolve("nope.png");
        var result = apply(missing.toString(), "-o", tmp.resolve("o.png").toString());
        assertEquals(2, result.exitCode(), result.all());
        assertTrue(result.err().contains("Input not found: " + missing), result.err());

        Path dangling = tmp.resolve("dangling.png");
        try {
            Files.createSymbolicLink(dangling, tmp.resolve("gone.png"));
        } catch (UnsupportedOperationException | IOException e) {
            Assumptions.abort("no symbolic links here: " + e);
        }
        var link = apply(dangling.toString(), "-o", tmp.resolve("o.png").toString());
        assertEquals(2, link.exitCode(), link.all());
        assertTrue(link.err().contains("Input not found: " + dangling), link.err());

        Path pipe = tmp.resolve("pipe.png");
        Assumptions.assumeTrue(new ProcessBuilder("mkfifo", pipe.toString()).start().waitFor() == 0);
        var fifo = apply(pipe.toString(), "-o", tmp.resolve("o.png").toString());
        assertEquals(2, fifo.exitCode(), fifo.all());
        assertTrue(fifo.err().contains("neither a photo nor a folder"), fifo.err());
        assertFalse(fifo.err().contains("is a folder"), fifo.err());
        assertFalse(Files.exists(tmp.resolve("o.png")));
    }

    @Test
    void anUnusableEditIsAPlainFailureWithItsReason() throws Exception {
        Path in = tmp.resolve("in");
        CliHarness.photo(in.resolve("a.png"), 16, 16);
        CliHarness.photo(in.resolve("b.png"), 16, 16);
        cli.probe.afterApply = n -> {
            if (n == 1) {
                throw new UnusableEditException("the edited photo came out flat grey; try a lower --strength");
            }
        };

        var result = apply(in.toString(), "-o", tmp.resolve("out").toString());

        assertEquals(1, result.exitCode(), result.all());
        assertTrue(result.err().contains("a.png: the edited photo came out flat grey; try a lower --strength"),
                result.err());
        assertFalse(result.err().contains("internal error") || result.err().contains("Exception"), result.err());
        assertTrue(Files.exists(tmp.resolve("out/b.png")));
    }
}
