package studio.loc.app;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import studio.loc.diffusion.image.ImageFormat;

/** learn, edit, inspect, help, version and the usage/model errors, through the real entry point. */
class CommandsCliTest {

    @TempDir
    Path tmp;

    CliHarness cli;
    Path before;
    Path after;

    @BeforeEach
    void pair() throws Exception {
        cli = new CliHarness(tmp);
        before = CliHarness.photo(tmp.resolve("before.png"), 24, 16);
        after = CliHarness.warmer(before, tmp.resolve("after.png"));
    }

    @Test
    void learnSavesTheChangeAndNamesItsModel() {
        Path change = tmp.resolve("warm.loc.safetensors");
        var learned = cli.runWithModel("learn", "--before", before.toString(), "--after", after.toString(), "-o",
                change.toString(), "--name", "Warm evening");
        assertEquals(0, learned.exitCode(), learned.all());
        assertTrue(learned.out().contains("Warm evening") && learned.out().contains("tiny-test"), learned.out());
        assertTrue(Files.isRegularFile(change));
    }

    @Test
    void refineStepsReachTheEngineAndNonsenseIsAUsageError() {
        Path change = tmp.resolve("warm.loc.safetensors");
        var plain = cli.runWithModel("learn", "--before", before.toString(), "--after", after.toString(), "-o",
                change.toString());
        assertEquals(0, plain.exitCode(), plain.all());
        assertEquals(0, cli.probe.refineSteps.get(), "no refinement unless asked");

        var refined = cli.runWithModel("learn", "--before", before.toString(), "--after", after.toString(), "-o",
                change.toString(), "--refine", "25");
        assertEquals(0, refined.exitCode(), refined.all());
        assertEquals(25, cli.probe.refineSteps.get());
        assertTrue(refined.err().contains("refining it for 25 steps"), refined.err());

        for (String nonsense : new String[] {"-1", "100000"}) {
            var refused = cli.runWithModel("learn", "--before", before.toString(), "--after", after.toString(),
                    "-o", change.toString(), "--refine", nonsense);
            assertEquals(2, refused.exitCode(), refused.all());
            assertTrue(refused.err().contains("--refine takes 0 to"), refused.err());
        }
    }

    @Test
    void aBadStrengthIsOneLineAndTheSameWhateverTheNonsense() throws Exception {
        Path change = tmp.resolve("warm.loc.safetensors");
        assertEquals(0, cli.runWithModel("learn", "--before", before.toString(), "--after", after.toString(), "-o",
                change.toString()).exitCode());
        for (String nonsense : new String[] {"5", "abc", "nan", "NaN", "-Infinity"}) {
            var refused = cli.runWithModel("apply", "-c", change.toString(), "--strength", nonsense,
                    before.toString(), "-o", tmp.resolve("out.png").toString());
            assertEquals(2, refused.exitCode(), refused.all());
            assertEquals("loc-studio: Invalid value for option '--strength': must be a number from -1.0 to 2.0,"
                    + " got '" + nonsense + "'\nTry 'loc-studio apply --help' for the options.\n",
                    refused.err().replace(System.lineSeparator(), "\n"), "no usage text after the error");
        }
    }

    @Test
    void aMistypedCommandIsAUsageErrorNotAWindow() {
        var typo = cli.run("lern", "--before", before.toString());
        assertEquals(2, typo.exitCode(), typo.all());
        var stray = cli.run(tmp.resolve("missing.loc.safetensors").toString());
        assertEquals(2, stray.exitCode(), stray.all());
        assertTrue(stray.err().contains("neither a command nor a change file"), stray.err());
    }

    @Test
    void inspectRefusesWhatIsNotAChangeFile() throws Exception {
        Path text = Files.writeString(tmp.resolve("notes.loc.safetensors"), "not a safetensors file");
        var notAChange = cli.run("inspect", text.toString());
        assertEquals(2, notAChange.exitCode(), notAChange.all());
        assertTrue(notAChange.err().contains("notes.loc.safetensors"), notAChange.err());
        assertEquals("", notAChange.out(), "nothing is shown for a file that cannot be read");

        var missing = cli.run("inspect", tmp.resolve("missing.loc.safetensors").toString());
        assertEquals(2, missing.exitCode());
        assertTrue(missing.err().contains("not found"), missing.err());
    }

    @Test
    void editLearnsAndAppliesInOneGo() throws Exception {
        Path query = CliHarness.photo(tmp.resolve("query.jpg"), 40, 30);
        Path output = tmp.resolve("query-warm.png");
        Path saved = tmp.resolve("saved");

        var edited = cli.runWithModel("edit", "--before", before.toString(), "--after", after.toString(),
                "--query", query.toString(), "-o", output.toString(), "--save-change", saved.toString(),
                "--strength", "0.5");

        assertEquals(0, edited.exitCode(), edited.all());
        assertEquals(ImageFormat.PNG, CliHarness.header(output).format());
        assertEquals(40, CliHarness.header(output).width());
        assertTrue(Files.exists(tmp.resolve("saved.loc.safetensors")));
    }

    @Test
    void learnNeverOverwritesAnExamplePhoto() throws Exception {
        byte[] original = Files.readAllBytes(after);
        var result = cli.runWithModel("learn", "--before", before.toString(), "--after", after.toString(), "-o",
                after.toString());
        assertEquals(0, result.exitCode(), result.all());
        assertTrue(java.util.Arrays.equals(original, Files.readAllBytes(after)));
        assertTrue(Files.exists(tmp.resolve("after.png.loc.safetensors")), "the change file suffix is added");
    }

    @Test
    void unreadableExamplePhotoFailsWithItsName() throws Exception {
        Path broken = Files.writeString(tmp.resolve("broken.jpg"), "definitely not a jpeg");
        var result = cli.runWithModel("learn", "--before", broken.toString(), "--after", after.toString(), "-o",
                tmp.resolve("x.loc.safetensors").toString());
        assertEquals(1, result.exitCode());
        assertTrue(result.err().contains("--before") && result.err().contains("broken.jpg"), result.err());
        assertFalse(result.err().contains("\tat "), "no stack trace without --debug: " + result.err());
    }

    @Test
    void debugShowsTheStackTrace() throws Exception {
        Path broken = Files.writeString(tmp.resolve("broken.jpg"), "definitely not a jpeg");
        var result = cli.runWithModel("learn", "--debug", "--before", broken.toString(), "--after", after.toString(),
                "-o", tmp.resolve("x.loc.safetensors").toString());
        assertEquals(1, result.exitCode());
        assertTrue(result.err().contains("\tat "), result.err());
    }

    @ParameterizedTest
    @ValueSource(strings = {"learn", "apply", "edit", "inspect", "gui", "train", "eval"})
    void everyCommandHasHelpWithExamples(String command) {
        var result = cli.run(command, "--help");
        assertEquals(0, result.exitCode());
        assertTrue(result.out().contains("Usage: loc-studio " + command), result.out());
        assertTrue(result.out().contains("--model"), result.out());
        assertTrue(result.out().contains("Example"), result.out());
    }

    @Test
    void topLevelHelpListsCommandsAndVersionPrints() {
        var help = cli.run("--help");
        assertEquals(0, help.exitCode());
        for (String command : new String[] {"learn", "apply", "edit", "inspect", "gui", "train", "eval"}) {
            assertTrue(help.out().contains("  " + command + " "), help.out());
        }
        var version = cli.run("--version");
        assertEquals(0, version.exitCode());
        assertTrue(version.out().startsWith("LoC Studio "), version.out());
    }

    @Test
    void onlyTheWindowInvocationsAreRecognisedAsSuch() {
        var environment = new studio.loc.app.cli.CliEnvironment(() -> cli.engine,
                new studio.loc.app.model.ModelLocator(java.util.Map.of(), tmp, java.util.List.of()), cli.codec,
                cli.cancel, false);
        assertTrue(studio.loc.app.cli.LocStudioCli.opensWindow(environment));
        assertTrue(studio.loc.app.cli.LocStudioCli.opensWindow(environment, "gui"));
        assertTrue(studio.loc.app.cli.LocStudioCli.opensWindow(environment, "--model", "m"));
        assertFalse(studio.loc.app.cli.LocStudioCli.opensWindow(environment, "gui", "--help"));
        assertFalse(studio.loc.app.cli.LocStudioCli.opensWindow(environment, "--version"));
        assertFalse(studio.loc.app.cli.LocStudioCli.opensWindow(environment, "apply", "-c", "c", "x", "-o", "y"));
        assertFalse(studio.loc.app.cli.LocStudioCli.opensWindow(environment, "apply"));
    }

    @Test
    void usageErrorsExitWithTwo() throws Exception {
        Path change = tmp.resolve("c.loc.safetensors");
        assertEquals(0, cli.runWithModel("learn", "--before", before.toString(), "--after", after.toString(), "-o",
                change.toString()).exitCode());
        Path in = tmp.resolve("in");
        CliHarness.photo(in.resolve("a.png"), 8, 8);
        String out = tmp.resolve("out").toString();

        assertEquals(2, cli.run("apply", in.toString(), "-o", out).exitCode(), "missing --change");
        assertEquals(2, cli.run("frobnicate").exitCode(), "unknown command");
        assertEquals(2, cli.run("apply", "--change", change.toString(), "--bogus", in.toString(), "-o", out)
                .exitCode());
        var strength = cli.runWithModel("apply", "--change", change.toString(), "--strength", "3", in.toString(),
                "-o", out);
        assertEquals(2, strength.exitCode());
        assertTrue(strength.err().contains("--strength"), strength.err());
        assertEquals(2, cli.runWithModel("apply", "--change", change.toString(), "--format", "gif", in.toString(),
                "-o", out).exitCode());
        assertEquals(2, cli.runWithModel("apply", "--change", change.toString(), "--steps", "0", in.toString(),
                "-o", out).exitCode());
        assertEquals(2, cli.runWithModel("apply", "--change", change.toString(), tmp.resolve("missing").toString(),
                "-o", out).exitCode());
        assertEquals(2, cli.runWithModel("apply", "--change", tmp.resolve("nope.loc.safetensors").toString(),
                in.toString(), "-o", out).exitCode());
        var fileForFolder = cli.runWithModel("apply", "--change", change.toString(), in.toString(), "-o",
                tmp.resolve("out.png").toString());
        assertEquals(2, fileForFolder.exitCode());
        assertTrue(fileForFolder.err().contains("output folder"), fileForFolder.err());
        assertEquals(0, cli.probe.applied.get(), "nothing is edited on a usage error");
    }

    @Test
    void missingEngineAndMissingModelAreExplained() throws Exception {
        String[] learn = {"learn", "--before", before.toString(), "--after", after.toString(), "-o",
                tmp.resolve("x.loc.safetensors").toString()};
        var noModel = cli.run(learn);
        assertEquals(2, noModel.exitCode());
        assertTrue(noModel.err().contains("No base model found") && noModel.err().contains("--model"),
                noModel.err());

        var wrongFolder = cli.run("apply", "--model", tmp.toString(), "-c", "x.loc.safetensors", "in", "-o", "out");
        assertEquals(2, wrongFolder.exitCode());
        assertTrue(wrongFolder.err().contains("model.json"), wrongFolder.err());

        cli.engine = Optional.empty();
        var noEngine = cli.runWithModel(learn[0], java.util.Arrays.copyOfRange(learn, 1, learn.length));
        assertEquals(2, noEngine.exitCode());
        assertTrue(noEngine.err().contains("No model engine is installed"), noEngine.err());
    }

    @Test
    void progressIsOneRedrawnLineOnATerminalAndLogLinesOtherwise() throws Exception {
        Path change = tmp.resolve("c.loc.safetensors");
        cli.runWithModel("learn", "--before", before.toString(), "--after", after.toString(), "-o",
                change.toString());
        Path in = tmp.resolve("in");
        for (int i = 0; i < 3; i++) {
            CliHarness.photo(in.resolve("p" + i + ".png"), 8, 8);
        }

        var logged = cli.runWithModel("apply", "--change", change.toString(), in.toString(), "-o",
                tmp.resolve("out1").toString());
        assertEquals(0, logged.exitCode(), logged.all());
        assertTrue(logged.err().contains("[3/3] done"), logged.err());
        assertFalse(logged.err().contains("\r"));

        cli.interactive = true;
        var bar = cli.runWithModel("apply", "--change", change.toString(), in.toString(), "-o",
                tmp.resolve("out2").toString());
        assertEquals(0, bar.exitCode(), bar.all());
        assertTrue(bar.err().contains("\r[####################] 3/3"), bar.err());
        assertFalse(bar.err().contains("[3/3] done"), bar.err());

        var quiet = cli.runWithModel("apply", "--quiet", "--no-resume", "--change", change.toString(),
                in.toString(), "-o", tmp.resolve("out2").toString());
        assertEquals(0, quiet.exitCode());
        assertEquals("", quiet.err());
        assertTrue(quiet.out().contains("3 edited"), quiet.out());
    }
}
