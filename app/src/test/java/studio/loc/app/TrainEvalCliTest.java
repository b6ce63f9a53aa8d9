package studio.loc.app;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.opencv.core.Core;
import org.opencv.core.Mat;
import org.opencv.core.Scalar;
import studio.loc.diffusion.image.ImageFormat;
import studio.loc.diffusion.image.ImageLimits;
import studio.loc.diffusion.image.Picture;
import studio.loc.diffusion.image.PictureReader;
import studio.loc.diffusion.image.PictureWriter;

/** {@code eval} on a tiny development set with a tiny real model, and {@code train}'s arguments and Ctrl-C. */
class TrainEvalCliTest {

    @TempDir
    Path tmp;

    @Test
    void evalScoresBaselinesAndTheModelAndWritesTheReport() throws Exception {
        Path model = TinyModelFixture.write(tmp.resolve("model"), "tiny-eval", 5);
        Path devset = devset(tmp.resolve("devset"));
        Path out = tmp.resolve("report");
        CliHarness cli = new CliHarness(tmp);

        var result = cli.run("eval", "--devset", devset.toString(), "--model", model.toString(), "--steps", "2",
                "-o", out.toString());

        assertEquals(0, result.exitCode(), result.all());
        for (String method : new String[] {"identity", "lut9", "loc-hypernet"}) {
            assertTrue(result.out().contains(method + " PSNR / SSIM / dE00"), result.out());
            assertTrue(Files.isRegularFile(out.resolve("predictions").resolve(method).resolve("warm/0/b_pred.png")),
                    method);
            assertTrue(Files.isRegularFile(out.resolve("predictions").resolve(method).resolve("dark/0/b_pred.png")),
                    method);
        }
        assertTrue(result.out().contains("| tone | 2 |"), result.out());
        String markdown = Files.readString(out.resolve("report.md"));
        assertTrue(markdown.contains("tiny-eval") && markdown.contains("2 quads") && markdown.contains("| all | 2 |"),
                markdown);
        String csv = Files.readString(out.resolve("report.csv"));
        assertTrue(csv.startsWith("predictor,category,n,psnr,ssim,deltaE00"), csv);
        assertEquals(1 + 3 * 2, csv.lines().count(), "3 methods x (tone, all): " + csv);
        assertTrue(result.err().contains("[6/6] loc-hypernet"), "2 quads x 3 methods: " + result.err());
        String edits = Files.readString(out.resolve("edits.csv"));
        assertTrue(edits.startsWith("predictor,edit,category,n,psnr,ssim,deltaE00"), edits);
        assertEquals(1 + 3 * 2, edits.lines().count(), "3 methods x (warm, dark): " + edits);
        assertTrue(result.out().contains("| warm | tone | 1 |") && result.out().contains("| dark | tone | 1 |"),
                "the per-edit table is printed: " + result.out());
        assertTrue(result.out().contains("below the better of identity and lut9"), result.out());
        assertTrue(Files.readString(out.resolve("edits.md")).contains("| warm | tone | 1 |"));
    }

    @Test
    void quadsWritesAScorableSetAndGridDrawsItsPredictions() throws Exception {
        Path photos = photos(tmp.resolve("photos"));
        Path quads = tmp.resolve("quads");
        CliHarness cli = new CliHarness(tmp);

        var written = cli.run("quads", "--photos", photos.toString(), "-o", quads.toString(), "--size", "32");
        assertEquals(0, written.exitCode(), written.all());
        long manifestRows = Files.readAllLines(quads.resolve("manifest.csv")).size() - 1;
        assertTrue(manifestRows > 10 && written.out().contains("Wrote " + manifestRows + " synthetic quads"),
                written.out() + " / " + manifestRows);

        Path report = tmp.resolve("report");
        var scored = cli.run("eval", "--devset", quads.toString(), "--baselines-only", "-o", report.toString());
        assertEquals(0, scored.exitCode(), scored.all());
        Path grid = tmp.resolve("grid.png");
        var drawn = cli.run("grid", "--devset", quads.toString(), "--predictions",
                report.resolve("predictions").toString(), "-o", grid.toString(), "--cell", "32", "identity", "lut9");
        assertEquals(0, drawn.exitCode(), drawn.all());
        assertTrue(Files.size(grid) > 0, "grid written");
        var missing = cli.run("quads", "--photos", tmp.resolve("none").toString(), "-o", quads.toString());
        assertEquals(2, missing.exitCode());
        assertTrue(missing.err().contains("not found"), missing.err());
    }

    @Test
    void evalWithoutAModelNeedsBaselinesOnly() throws Exception {
        Path devset = devset(tmp.resolve("devset"));
        CliHarness cli = new CliHarness(tmp);

        var noModel = cli.run("eval", "--devset", devset.toString(), "-o", tmp.resolve("r1").toString());
        assertEquals(2, noModel.exitCode(), noModel.all());
        assertTrue(noModel.err().contains("--baselines-only"), noModel.err());

        var baselines = cli.run("eval", "--devset", devset.toString(), "--baselines-only", "-o",
                tmp.resolve("r2").toString());
        assertEquals(0, baselines.exitCode(), baselines.all());
        assertTrue(baselines.out().contains("lut9") && !baselines.out().contains("loc-hypernet"), baselines.out());

        var noSet = cli.run("eval", "--devset", tmp.resolve("nowhere").toString(), "--baselines-only");
        assertEquals(2, noSet.exitCode());
        assertTrue(noSet.err().contains("manifest.csv"), noSet.err());
    }

    @Test
    void cancelledEvalStopsWith130() throws Exception {
        Path devset = devset(tmp.resolve("devset"));
        CliHarness cli = new CliHarness(tmp);
        cli.cancel.cancel();

        var result = cli.run("eval", "--devset", devset.toString(), "--baselines-only", "-o",
                tmp.resolve("r").toString());

        assertEquals(130, result.exitCode(), result.all());
        assertTrue(result.err().contains("Cancelled"), result.err());
    }

    @Test
    void trainHelpExplainsTheRecipeAndItsCost() throws Exception {
        var help = new CliHarness(tmp).run("train", "--help");
        assertEquals(0, help.exitCode());
        assertTrue(help.out().contains("HOURS on a CPU"), help.out());
        assertTrue(help.out().contains("LoRA Reverse") && help.out().contains("--work"), help.out());
        assertTrue(help.out().contains("130"), help.out());
    }

    @Test
    void trainRefusesABadRecipeOrMissingPhotos() throws Exception {
        CliHarness cli = new CliHarness(tmp);
        Path photos = photos(tmp.resolve("photos"));
        Path recipe = Files.writeString(tmp.resolve("recipe.json"), "{\"name\": \"x\", \"imageSize\": 128}");
        String work = tmp.resolve("work").toString();
        String out = tmp.resolve("model").toString();

        var missingField = cli.run("train", "--recipe", recipe.toString(), "--photos", photos.toString(), "--work",
                work, "-o", out);
        assertEquals(2, missingField.exitCode(), missingField.all());
        assertTrue(missingField.err().contains("\"seed\""), missingField.err());

        var noRecipe = cli.run("train", "--recipe", tmp.resolve("none.json").toString(), "--photos",
                photos.toString(), "--work", work, "-o", out);
        assertEquals(2, noRecipe.exitCode());
        assertTrue(noRecipe.err().contains("none.json"), noRecipe.err());

        var noPhotos = cli.run("train", "--recipe", tinyRecipe().toString(), "--photos",
                tmp.resolve("nophotos").toString(), "--work", work, "-o", out);
        assertEquals(2, noPhotos.exitCode());
        assertTrue(noPhotos.err().contains("nophotos"), noPhotos.err());
        assertFalse(Files.exists(tmp.resolve("model")));
    }

    @Test
    void trainRefusesUnusablePairsBeforeTrainingAnything() throws Exception {
        CliHarness cli = new CliHarness(tmp);
        Path photos = photos(tmp.resolve("photos"));
        Path work = tmp.resolve("work");
        String[] common = {"train", "--recipe", tinyRecipe().toString(), "--photos", photos.toString(), "--work",
                work.toString(), "-o", tmp.resolve("model").toString()};

        var missing = cli.run(concat(common, "--pairs", tmp.resolve("nopairs").toString()));
        assertEquals(2, missing.exitCode(), missing.all());
        assertTrue(missing.err().contains("nopairs"), missing.err());

        var badShare = cli.run(concat(common, "--pairs", photos.toString(), "--pairs-share", "0"));
        assertEquals(2, badShare.exitCode(), badShare.all());
        assertTrue(badShare.err().contains("--pairs-share"), badShare.err());

        Path unmatched = tmp.resolve("unmatched");
        CliHarness.photo(unmatched.resolve("street_before.png"), 150, 130);
        var noPair = cli.run(concat(common, "--pairs", unmatched.toString()));
        assertEquals(1, noPair.exitCode(), noPair.all());
        assertTrue(noPair.err().contains("no usable before/after pair")
                && noPair.err().contains("street_before.png"), noPair.err());
        assertFalse(Files.exists(work.resolve("codec")), "nothing was trained before the pairs were checked");
    }

    private static String[] concat(String[] first, String... more) {
        String[] all = java.util.Arrays.copyOf(first, first.length + more.length);
        System.arraycopy(more, 0, all, first.length, more.length);
        return all;
    }

    /** Ctrl-C (the token tripped) stops at the next step with a checkpoint, and says how to continue. */
    @Test
    void cancelledTrainingWritesACheckpointAndExitsWith130() throws Exception {
        CliHarness cli = new CliHarness(tmp);
        Path photos = photos(tmp.resolve("photos"));
        Path work = tmp.resolve("work");
        cli.cancel.cancel();

        var result = cli.run("train", "--recipe", tinyRecipe().toString(), "--photos", photos.toString(), "--work",
                work.toString(), "-o", tmp.resolve("model").toString());

        assertEquals(130, result.exitCode(), result.all());
        assertTrue(result.err().contains("run the same command again"), result.err());
        try (var files = Files.list(work.resolve("codec"))) {
            assertTrue(files.findAny().isPresent(), "a codec checkpoint was written");
        }
        assertFalse(Files.exists(tmp.resolve("model").resolve("model.json")));
    }

    /**
     * The whole recipe at one step per stage (H alone: the joint stage has 0 steps) (the bundled networks' shapes, so ~10 s on two cores): a model folder
     * that opens, and a rerun that finds every stage done and only writes the model again.
     */
    @Test
    void aOneStepRecipeWritesAModelAndARerunResumes() throws Exception {
        CliHarness cli = new CliHarness(tmp);
        cli.engine = LocStudio.installedEngine();
        Path photos = photos(tmp.resolve("photos"));
        Path model = tmp.resolve("model");
        Path pairs = tmp.resolve("pairs");
        CliHarness.photo(pairs.resolve("street_before.png"), 150, 130);
        CliHarness.photo(pairs.resolve("street_after.png"), 150, 130);
        CliHarness.photo(pairs.resolve("lonely_after.png"), 150, 130);
        String[] train = {"train", "--recipe", tinyRecipe().toString(), "--photos", photos.toString(), "--work",
                tmp.resolve("work").toString(), "-o", model.toString(), "--pairs", pairs.toString()};

        var first = cli.run(train);
        assertEquals(0, first.exitCode(), first.all());
        assertTrue(first.out().contains("Model \"tiny-recipe\" written to"), first.out());
        assertFalse(first.all().contains("[joint]"), "a 0-step joint stage is skipped: " + first.all());
        assertTrue(first.err().contains("Your pairs: 1 from") && first.err().contains("lonely_after.png"),
                "the user's pairs are counted and the unmatched file listed: " + first.err());
        assertTrue(first.err().contains("[finetune]"), "the fine-tuning stage runs last: " + first.err());
        String modelJson = Files.readString(model.resolve("model.json"));
        assertTrue(modelJson.contains("\"prediction\": \"v\"") && modelJson.contains("\"steps\": 3"), modelJson);
        var opened = cli.run("learn", "--model", model.toString(), "--before", photos.resolve("p1.png").toString(),
                "--after", photos.resolve("p2.jpg").toString(), "-o", tmp.resolve("c").toString());
        assertEquals(0, opened.exitCode(), "the trained model learns a change: " + opened.all());
        assertTrue(opened.out().contains("How it applies: "), "learn says what carries the change: " + opened.out());

        var again = cli.run(train);
        assertEquals(0, again.exitCode(), again.all());
        assertTrue(again.err().contains("[codec] done earlier") && again.err().contains("[denoiser] done earlier"),
                again.err());
    }

    private Path tinyRecipe() throws Exception {
        return Files.writeString(tmp.resolve("tiny-recipe.json"), """
                {
                  "name": "tiny-recipe", "imageSize": 128, "seed": 3, "codecCrop": 32,
                  "codec":        { "steps": 1, "batch": 1, "learningRate": 1e-3, "checkpointEvery": 1 },
                  "denoiser":     { "steps": 1, "batch": 1, "learningRate": 1e-3, "checkpointEvery": 1 },
                  "joint":        { "steps": 0, "batch": 1, "learningRate": 1e-3, "checkpointEvery": 1 },
                  "hypernetOnly": { "steps": 1, "batch": 1, "learningRate": 1e-3, "checkpointEvery": 1 },
                  "finetune":     { "steps": 1, "batch": 1, "learningRate": 1e-4, "checkpointEvery": 1 },
                  "pairOnlyFraction": 0.5,
                  "sampler":      { "prediction": "v", "steps": 3, "guidance": 1.0, "startFraction": 1.0 }
                }
                """);
    }

    private static Path photos(Path folder) throws Exception {
        CliHarness.photo(folder.resolve("p1.png"), 160, 128);
        CliHarness.photo(folder.resolve("p2.jpg"), 128, 144);
        return folder;
    }

    /** manifest.csv plus two "tone" quads: a warming and a darkening edit made the same way on A and B. */
    static Path devset(Path folder) throws Exception {
        Files.createDirectories(folder);
        Files.writeString(folder.resolve("manifest.csv"), """
                edit,category,k,tool,command
                warm,tone,0,test,multiply
                dark,tone,0,test,multiply
                """);
        quad(folder.resolve("warm/0"), new Scalar(1.2, 1.0, 0.8));
        quad(folder.resolve("dark/0"), new Scalar(0.6, 0.6, 0.7));
        return folder;
    }

    private static void quad(Path dir, Scalar gain) throws Exception {
        Path a = CliHarness.photo(dir.resolve("a.png"), 40, 32);
        Path b = CliHarness.photo(dir.resolve("b.png"), 32, 40);
        scaled(a, dir.resolve("a_edit.png"), gain);
        scaled(b, dir.resolve("b_edit.png"), gain);
    }

    private static void scaled(Path source, Path target, Scalar gain) throws Exception {
        try (Picture picture = PictureReader.read(source, ImageLimits.DEFAULT)) {
            Mat edited = new Mat();
            Core.multiply(picture.rgb(), gain, edited);
            try (Picture out = picture.withRgb(edited)) {
                PictureWriter.write(out, target, ImageFormat.PNG, 95);
            }
        }
    }
}
