package studio.loc.app;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

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
}
