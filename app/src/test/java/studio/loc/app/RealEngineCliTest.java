package studio.loc.app;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import studio.loc.diffusion.image.ImageLimits;
import studio.loc.diffusion.image.Picture;
import studio.loc.diffusion.image.PictureReader;
import studio.loc.diffusion.model.ModelConfig;
import studio.loc.diffusion.model.ModelFolder;
import studio.loc.hypernet.engine.LocEngineFactory;
import studio.loc.hypernet.eval.ImageMetrics;

/**
 * The commands end to end with the real engine (found through ServiceLoader, as the installed program finds it) on
 * tiny but real model folders: learn, inspect, apply, edit, strength 0, a change for another model, damaged weights.
 */
class RealEngineCliTest {

    @TempDir
    static Path models;

    static Path modelA;
    static Path modelB;

    @TempDir
    Path tmp;

    CliHarness cli;
    Path before;
    Path after;

    @BeforeAll
    static void writeModels() throws Exception {
        modelA = TinyModelFixture.write(models.resolve("tiny-a"), "tiny-a", 11);
        modelB = TinyModelFixture.write(models.resolve("tiny-b"), "tiny-b", 29);
    }

    @BeforeEach
    void realEngineAndAPair() throws Exception {
        cli = new CliHarness(tmp);
        cli.engine = LocStudio.installedEngine();
        assertTrue(cli.engine.orElseThrow() instanceof LocEngineFactory, "the real engine is registered");
        before = CliHarness.photo(tmp.resolve("before.png"), 48, 40);
        after = CliHarness.warmer(before, tmp.resolve("after.png"));
    }

    private CliHarness.Result run(Path model, String command, String... args) {
        String[] all = new String[args.length + 3];
        all[0] = command;
        all[1] = "--model";
        all[2] = model.toString();
        System.arraycopy(args, 0, all, 3, args.length);
        return cli.run(all);
    }

    private Path learn(Path model, String name) {
        Path change = tmp.resolve(name + ".loc.safetensors");
        var learned = run(model, "learn", "--before", before.toString(), "--after", after.toString(), "-o",
                change.toString(), "--name", name);
        assertEquals(0, learned.exitCode(), learned.all());
        assertTrue(Files.isRegularFile(change), learned.all());
        return change;
    }

    @Test
    void learnWritesAChangeFileThatInspectReadsWithAndWithoutTheModel() throws Exception {
        Path change = learn(modelA, "Warm evening");
        ModelConfig config = ModelConfig.read(modelA);
        String fingerprint = ModelFolder.fingerprint(config.sha256());

        var withModel = run(modelA, "inspect", change.toString());
        assertEquals(0, withModel.exitCode(), withModel.all());
        String shown = withModel.out();
        assertTrue(shown.contains("Name:             Warm evening"), shown);
        assertTrue(shown.contains("Base model:       tiny-a (sha256 " + fingerprint + ")"), shown);
        assertTrue(shown.contains("learned from a before/after pair"), shown);
        assertTrue(shown.contains("Rank, alpha:      " + config.rank() + ", " + config.alpha()), shown);
        assertTrue(shown.contains("Layers:           " + config.slots().size()), shown);
        assertTrue(shown.contains(config.slots().getFirst().name()), "dotted slot names against the model: " + shown);
        assertTrue(shown.contains("the change fits this model"), shown);
        assertTrue(Pattern.compile("before \\d+x\\d+ PNG").matcher(shown).find(), shown);
        // The learned change is not all zeros: the tiny H's up heads were perturbed.
        Matcher norms = Pattern.compile("\\|dW\\| = ([0-9.eE+-]+)").matcher(shown);
        double largest = 0;
        int count = 0;
        while (norms.find()) {
            largest = Math.max(largest, Double.parseDouble(norms.group(1)));
            count++;
        }
        assertEquals(config.slots().size(), count, shown);
        assertTrue(largest > 0, shown);

        cli.engine = java.util.Optional.empty(); // inspect needs neither an engine nor the model's weights
        var alone = cli.run("inspect", change.toString());
        assertEquals(0, alone.exitCode(), alone.all());
        assertTrue(alone.out().contains("Name:             Warm evening"), alone.out());
        assertTrue(alone.out().contains("none found, so not checked"), alone.out());

        var otherModel = run(modelB, "inspect", change.toString());
        assertEquals(2, otherModel.exitCode(), "named with --model and it does not fit: " + otherModel.all());
        assertTrue(otherModel.out().contains("does NOT fit") && otherModel.out().contains("tiny-b"),
                otherModel.out());
    }

    @Test
    void inspectComparesTwoChangesLayerByLayer() throws Exception {
        Path change = learn(modelA, "warm");
        var self = run(modelA, "inspect", change.toString(), "--compare", change.toString());
        assertEquals(0, self.exitCode(), self.all());
        Matcher cosines = Pattern.compile("cos = (-?[0-9.]+)").matcher(self.out());
        int count = 0;
        while (cosines.find()) {
            assertEquals(1.0, Double.parseDouble(cosines.group(1)), 1e-3, self.out());
            count++;
        }
        assertEquals(ModelConfig.read(modelA).slots().size(), count, "a cosine per layer: " + self.out());
        assertTrue(self.out().contains("mean cosine over the layers 1.000"), self.out());

        Path foreign = learn(modelB, "other model");
        var mismatched = run(modelA, "inspect", change.toString(), "--compare",
                tmp.resolve("missing.loc.safetensors").toString());
        assertEquals(2, mismatched.exitCode(), mismatched.all());
        assertTrue(mismatched.err().contains("not found"), mismatched.err());
        var across = run(modelA, "inspect", change.toString(), "--compare", foreign.toString());
        assertEquals(0, across.exitCode(), "same slot layout, so comparable: " + across.all());
    }

    @Test
    void aRefinedChangeIsAnOptimisedChangeFileForTheSameModel() throws Exception {
        Path plain = learn(modelA, "plain");
        Path refined = tmp.resolve("refined.loc.safetensors");
        var learned = run(modelA, "learn", "--before", before.toString(), "--after", after.toString(), "-o",
                refined.toString(), "--name", "refined", "--refine", "5");
        assertEquals(0, learned.exitCode(), learned.all());
        assertTrue(learned.err().contains("refined 5/5"), learned.err());
        assertEquals(5, learned.err().split("  refined ", -1).length - 1, "one line a step: " + learned.err());

        var inspected = run(modelA, "inspect", refined.toString(), "--compare", plain.toString());
        assertEquals(0, inspected.exitCode(), inspected.all());
        assertTrue(inspected.out().contains("Source:           trained"), "optimised, not one pass: "
                + inspected.out());
        assertTrue(inspected.out().contains("Base model:       tiny-a"), inspected.out());
        var original = run(modelA, "inspect", plain.toString());
        assertTrue(original.out().contains("Source:           learned from a before/after pair"), original.out());
    }

    @Test
    void applyEditsAFolderKeepingEachPhotosSize() throws Exception {
        Path change = learn(modelA, "warm");
        Path in = tmp.resolve("in");
        Path first = CliHarness.photo(in.resolve("a.png"), 48, 40);
        Path second = CliHarness.photo(in.resolve("sub/b.jpg"), 36, 52);
        Path out = tmp.resolve("out");

        var applied = run(modelA, "apply", "--change", change.toString(), "--steps", "2", in.toString(), "-o",
                out.toString());

        assertEquals(0, applied.exitCode(), applied.all());
        for (Path input : List.of(first, second)) {
            Path output = out.resolve(in.relativize(input));
            assertEquals(CliHarness.header(input).width(), CliHarness.header(output).width());
            assertEquals(CliHarness.header(input).height(), CliHarness.header(output).height());
            double psnr = psnr(input, output);
            assertTrue(psnr < 40, "the edit is visible: " + psnr + " dB from the input");
        }
    }

    @Test
    void editLearnsAndAppliesInOneGo() throws Exception {
        Path query = CliHarness.photo(tmp.resolve("query.jpg"), 40, 30);
        Path output = tmp.resolve("query-edited.png");

        var edited = run(modelA, "edit", "--before", before.toString(), "--after", after.toString(), "--query",
                query.toString(), "-o", output.toString(), "--steps", "2");

        assertEquals(0, edited.exitCode(), edited.all());
        assertEquals(40, CliHarness.header(output).width());
        assertEquals(30, CliHarness.header(output).height());
    }

    /**
     * Strength 0 is the base model alone: whichever change is applied, the output is the same. (With a zero LoRA a
     * trained G reproduces its query; this tiny G is untrained, so its strength-0 output is ~13 dB from the query,
     * and only "the change drops out" can be asserted here.) Strength 1 visibly differs from it.
     */
    @Test
    void strengthZeroIsTheBaseModelWhateverTheChange() throws Exception {
        Path warm = learn(modelA, "warm");
        after = CliHarness.darker(before, tmp.resolve("after-dark.png"));
        Path dark = learn(modelA, "dark");
        Path query = CliHarness.photo(tmp.resolve("q.png"), 48, 40);

        Path warmZero = applyAt(warm, "0", query);
        Path darkZero = applyAt(dark, "0", query);
        Path warmFull = applyAt(warm, "1", query);

        double zeroVsZero = psnr(warmZero, darkZero);
        double zeroVsFull = psnr(warmZero, warmFull);
        System.out.printf("strength 0 vs query %.1f dB, 0 vs 0 %.1f dB, 0 vs 1 %.1f dB%n", psnr(query, warmZero),
                zeroVsZero, zeroVsFull);
        assertTrue(zeroVsZero >= 60, "two changes at strength 0 give the same photo: " + zeroVsZero + " dB");
        assertTrue(zeroVsFull < zeroVsZero - 10, "strength 1 shows the change: " + zeroVsFull + " dB");
    }

    private Path applyAt(Path change, String strength, Path query) {
        String stem = change.getFileName().toString().replace(".loc.safetensors", "");
        Path output = tmp.resolve(stem + "-s" + strength + ".png");
        var applied = run(modelA, "apply", "--change", change.toString(), "--strength", strength, "--steps", "2",
                query.toString(), "-o", output.toString());
        assertEquals(0, applied.exitCode(), applied.all());
        return output;
    }

    @Test
    void aChangeForAnotherModelIsRefusedNamingBoth() {
        Path change = learn(modelB, "for-b");
        Path query = tmp.resolve("before.png");

        var refused = run(modelA, "apply", "--change", change.toString(), query.toString(), "-o",
                tmp.resolve("x.png").toString());

        assertEquals(2, refused.exitCode(), refused.all());
        assertTrue(refused.err().contains("tiny-a") && refused.err().contains("tiny-b"), refused.err());
        assertFalse(Files.exists(tmp.resolve("x.png")));
    }

    @Test
    void damagedModelWeightsAreReportedClearly() throws Exception {
        Path damaged = TinyModelFixture.write(tmp.resolve("damaged"), "tiny-damaged", 11);
        TinyModelFixture.damageUnetWeights(damaged);

        var result = run(damaged, "learn", "--before", before.toString(), "--after", after.toString(), "-o",
                tmp.resolve("c").toString());

        assertEquals(2, result.exitCode(), result.all());
        assertTrue(result.err().contains(ModelFolder.UNET_FILE) && result.err().contains("damaged"), result.err());
        assertFalse(result.err().contains("\tat "), "no stack trace: " + result.err());
    }

    @Test
    void aCutShortModelJsonIsOneSentenceWithoutJavaNames() throws Exception {
        Path broken = TinyModelFixture.write(tmp.resolve("broken"), "tiny-broken", 11);
        Path json = broken.resolve(ModelConfig.FILE_NAME);
        String text = Files.readString(json);
        Files.writeString(json, text.substring(0, text.length() / 2));

        var result = run(broken, "learn", "--before", before.toString(), "--after", after.toString(), "-o",
                tmp.resolve("c").toString());

        assertEquals(2, result.exitCode(), result.all());
        String err = result.err();
        assertTrue(err.contains("Cannot open the model in " + broken + ": model.json is not valid JSON"), err);
        assertEquals(err.indexOf("Cannot open the model"), err.lastIndexOf("Cannot open the model"), err);
        assertFalse(err.contains("java.") || err.contains("Exception"), err);
    }

    static double psnr(Path expected, Path actual) throws Exception {
        try (Picture a = PictureReader.read(expected, ImageLimits.DEFAULT);
             Picture b = PictureReader.read(actual, ImageLimits.DEFAULT)) {
            return ImageMetrics.psnr(b.rgb(), a.rgb());
        }
    }
}
