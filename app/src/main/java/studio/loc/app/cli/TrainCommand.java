package studio.loc.app.cli;

import java.io.IOException;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import studio.loc.diffusion.image.OpenCv;
import studio.loc.diffusion.model.ModelConfig;
import studio.loc.diffusion.model.ModelFormatException;
import studio.loc.diffusion.progress.CancelledException;
import studio.loc.hypernet.recipe.DefaultModelRecipe;
import studio.loc.hypernet.recipe.RecipeConfig;

/** {@code train}: trains a base model from scratch with a recipe ({@link DefaultModelRecipe}). */
@Command(name = "train", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Train a base model from scratch with a recipe (takes hours on a CPU).",
                "Trains on a folder of photos, following the recipe, and writes the model folder (model.json and weights) that learn, apply, edit and the window open with --model.",
                "The recipe's stages: (1) the latent autoencoder, (2) the diffusion UNet learns to reproduce "
                        + "its query photo, (3) optionally UNet and hypernetwork together with LoRA Reverse on "
                        + "synthetic edits of the photos, (4) the hypernetwork alone, (5) optionally more of it at a "
                        + "low rate, the UNet learning too or not. Steps, batch sizes and learning rates come from "
                        + "the recipe file; the network shapes are the bundled model's.",
                "With --pairs, a share of the hypernetwork's training samples are your own before/after pairs: "
                        + "before/NAME.jpg with after/NAME.jpg, or NAME_before.jpg with NAME_after.jpg (any image "
                        + "format; files that match nothing, or cannot be read, are listed and skipped).",
                "This takes HOURS on a CPU (the bundled recipe: several hours on a 2-core machine). Every stage "
                        + "checkpoints into --work; Ctrl-C writes a checkpoint and stops, and running the same "
                        + "command again continues where it stopped (finished stages are skipped)."},
        footer = {"", "Example:",
                "  loc-studio train --recipe samples/recipe/default-model.json --photos ../photos \\",
                "      --work runs/default -o samples/default-model",
                "", "Exit codes: 0 model written, 1 training failed, 2 usage error (recipe, folders),",
                "130 cancelled (checkpoint written; run again to resume)."})
final class TrainCommand implements Callable<Integer> {

    private final CliEnvironment environment;

    @Spec
    CommandSpec spec;

    @Option(names = "--recipe", required = true, paramLabel = "FILE",
            description = "The recipe (JSON), e.g. samples/recipe/default-model.json.")
    Path recipe;

    @Option(names = "--photos", required = true, paramLabel = "DIR",
            description = "Folder of training photos (png, jpg, tif, webp, bmp; sub-folders are not searched).")
    Path photos;

    @Option(names = "--work", required = true, paramLabel = "DIR",
            description = "Work folder for checkpoints and logs; reuse it to resume.")
    Path work;

    @Option(names = {"-o", "--output"}, required = true, paramLabel = "MODEL",
            description = "Where to write the finished model folder.")
    Path output;

    @Option(names = "--pairs", paramLabel = "DIR",
            description = "Folder of your own before/after pairs to train the hypernetwork on as well.")
    Path pairs;

    @Option(names = "--pairs-share", paramLabel = "F", defaultValue = "0.5",
            description = "Share of the hypernetwork's samples taken from --pairs, over 0 and up to 1 "
                    + "(default: ${DEFAULT-VALUE}; 1 trains on your pairs alone).")
    double pairsShare;

    @Option(names = "--debug", description = "Show stack traces with errors.")
    boolean debug;

    TrainCommand(CliEnvironment environment) {
        this.environment = environment;
    }

    @Override
    public Integer call() throws Exception {
        RecipeConfig config = readRecipe();
        if (!Files.isDirectory(photos)) {
            throw new CliException("The photo folder " + photos.toAbsolutePath() + " does not exist.",
                    ExitCodes.USAGE);
        }
        for (Path folder : new Path[] {work, output}) {
            if (Files.exists(folder) && !Files.isDirectory(folder)) {
                throw new CliException(folder.toAbsolutePath() + " is a file; give a folder.", ExitCodes.USAGE);
            }
        }
        if (pairs != null && !Files.isDirectory(pairs)) {
            throw new CliException("The pair folder " + pairs.toAbsolutePath() + " does not exist.", ExitCodes.USAGE);
        }
        if (!(pairsShare > 0 && pairsShare <= 1)) {
            throw new CliException("--pairs-share must be over 0 and at most 1, got " + pairsShare + ".",
                    ExitCodes.USAGE);
        }
        PrintWriter err = spec.commandLine().getErr();
        err.println("Training model \"" + config.name() + "\" (" + config.imageSize() + " px) from " + photos
                + "; checkpoints in " + work + ". Ctrl-C stops with a checkpoint; run again to resume.");
        err.flush();
        OpenCv.ensureLoaded();
        try (PrintStream console = new PrintStream(new WriterOutputStream(err), true, StandardCharsets.UTF_8)) {
            DefaultModelRecipe training = new DefaultModelRecipe(config, photos, work, console, environment.cancel());
            if (pairs != null) {
                training.withUserPairs(pairs, pairsShare);
            }
            ModelConfig written = training.run(output);
            spec.commandLine().getOut().println("Model \"" + written.name() + "\" written to " + output);
            return ExitCodes.OK;
        } catch (CancelledException e) {
            err.println("Cancelled. The steps done so far are checkpointed in " + work
                    + "; run the same command again to continue.");
            return ExitCodes.CANCELLED;
        } catch (ModelFormatException e) {
            throw new CliException("Cannot continue from the work folder " + work + ": " + e.getMessage()
                    + " Use a new --work folder to start over.", ExitCodes.USAGE, e);
        } catch (IOException e) {
            throw new CliException("Training failed: " + e.getMessage(), ExitCodes.SOME_FAILED, e);
        }
    }

    private RecipeConfig readRecipe() throws CliException {
        if (!Files.isRegularFile(recipe)) {
            throw new CliException("The recipe " + recipe.toAbsolutePath() + " does not exist.", ExitCodes.USAGE);
        }
        try {
            return RecipeConfig.read(recipe);
        } catch (IOException | RuntimeException e) {
            // Gson reports a missing or mistyped field as an unchecked exception; either way the file is at fault.
            throw new CliException("The recipe " + recipe + " is not valid: " + e.getMessage()
                    + " (see samples/recipe/default-model.json for the fields).", ExitCodes.USAGE, e);
        }
    }
}
