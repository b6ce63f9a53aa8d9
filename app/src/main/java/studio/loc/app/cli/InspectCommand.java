package studio.loc.app.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;
import studio.loc.app.model.ModelNotFoundException;
import studio.loc.diffusion.io.Sha256;
import studio.loc.diffusion.lora.LoraSlot;
import studio.loc.diffusion.lora.SlotKind;
import studio.loc.diffusion.model.ModelConfig;
import studio.loc.diffusion.model.ModelFolder;
import studio.loc.diffusion.model.ModelFormatException;
import studio.loc.hypernet.change.BaseModelIdentity;
import studio.loc.hypernet.change.Change;
import studio.loc.hypernet.change.ChangeFile;
import studio.loc.hypernet.change.ChangeFileException;
import studio.loc.hypernet.change.ChangeNorms;
import studio.loc.hypernet.change.ChangeSource;
import studio.loc.hypernet.engine.FittedPartSummary;

/**
 * {@code inspect}: what a change file holds. Reads the file on its own (no model, no engine), then, when a model
 * folder is at hand, says whether the change fits it; only model.json is read for that, never the weights.
 */
@Command(name = "inspect", mixinStandardHelpOptions = true,
        description = {"Show what a change file holds.",
                "Prints its name, the base model it was made for, when and how it was made, its LoRA rank and alpha, "
                        + "and how strongly it changes each layer of the model.",
                "Needs no model; if one is found (--model, $LOC_STUDIO_MODEL or the bundled one), also says whether "
                        + "the change fits it."},
        footer = {"", "Examples:", "  loc-studio inspect film-look.loc.safetensors",
                "  loc-studio inspect --model ~/models/loc-large film-look.loc.safetensors",
                "  loc-studio inspect sepia.loc.safetensors --compare blur.loc.safetensors",
                "", "Exit codes: 0 shown, 2 the file cannot be read, or it does not fit the model named with --model."})
final class InspectCommand implements Callable<Integer> {

    private final CliEnvironment environment;

    @Spec
    CommandSpec spec;

    @Mixin
    CommonOptions common;

    @Parameters(index = "0", paramLabel = "CHANGE", description = "The change file (*.loc.safetensors).")
    Path change;

    @Option(names = "--compare", paramLabel = "OTHER", description = "Another change file for the same model: also "
            + "print, per layer, the cosine between the two weight changes (1 = same direction, 0 = unrelated).")
    Path compare;

    InspectCommand(CliEnvironment environment) {
        this.environment = environment;
    }

    @Override
    public Integer call() throws Exception {
        Change read = readWithoutModel(change);
        PrintWriter out = spec.commandLine().getOut();
        printFile(out);
        Fit fit = checkFit();
        // Against the model the layers have their real (dotted) names; on its own the file only has key stems.
        Change shown = fit.checked() != null ? fit.checked() : read;
        printChange(shown, out, compare == null ? null : cosines(read, readOther(read)), compare);
        out.println("Model:            " + fit.verdict());
        out.flush();
        return fit.fits() || common.model == null ? ExitCodes.OK : ExitCodes.USAGE;
    }

    private void printFile(PrintWriter out) throws IOException {
        out.println("File:             " + change.toAbsolutePath() + " (" + Files.size(change) + " bytes)");
        out.println("SHA-256:          " + Sha256.ofFile(change));
    }

    /** A change file read on its own (no model needed), or a usage error naming the file. */
    private static Change readWithoutModel(Path file) throws CliException, IOException {
        if (!Files.isRegularFile(file)) {
            throw new CliException("Change file not found: " + file.toAbsolutePath(), ExitCodes.USAGE);
        }
        try {
            return ChangeFile.readUnchecked(file);
        } catch (ChangeFileException e) {
            throw new CliException("Cannot read the change file " + file + ": " + e.getMessage(), ExitCodes.USAGE, e);
        }
    }

    /** The --compare file, refused unless its layers are the change's own. */
    private Change readOther(Change read) throws CliException, IOException {
        Change other = readWithoutModel(compare);
        if (!other.factors().keySet().equals(read.factors().keySet())) {
            throw new CliException(compare + " does not change the same layers as " + change
                    + ", so the two cannot be compared (were they made for different models?)", ExitCodes.USAGE);
        }
        return other;
    }

    /**
     * Per layer, keyed by the file's key stem (the layer name with '_' for '.'), the cosine between the two weight
     * changes; both were read without a model, so their layers carry the same stems.
     */
    private static Map<String, Double> cosines(Change read, Change other) {
        Map<String, Double> cosines = new LinkedHashMap<>();
        for (LoraSlot slot : read.slots()) {
            cosines.put(stem(slot), ChangeNorms.cosine(read, other, slot));
        }
        return cosines;
    }

    private static String stem(LoraSlot slot) {
        return slot.name().replace('.', '_');
    }

    private static void printChange(Change c, PrintWriter out, Map<String, Double> cosines, Path other) {
        out.println("Name:             " + c.name());
        out.println("Base model:       " + c.baseModel()
                + (c.baseModelSha256().isEmpty() ? "" : " (sha256 " + c.baseModelSha256() + ")"));
        out.println("Created:          " + c.created());
        out.println("Source:           " + (c.source() == ChangeSource.PAIR ? "learned from a before/after pair"
                : "trained or imported"));
        out.println("Rank, alpha:      " + c.rank() + ", " + c.alpha() + " (scale alpha/rank = "
                + format(c.alpha() / c.rank()) + ")");
        out.println("Default strength: " + c.defaultStrength());
        out.println("How it applies:   " + FittedPartSummary.of(c.fitted()));
        out.println("Thumbnails:       before " + PngSize.describe(c.beforeThumbnailPng()) + ", after "
                + PngSize.describe(c.afterThumbnailPng()));
        out.println("Layers:           " + c.slots().size()
                + " (|dW| = Frobenius norm of the weight change at strength 1)");
        int width = c.slots().stream().mapToInt(s -> s.name().length()).max().orElse(5);
        for (LoraSlot slot : c.slots()) {
            String kind = slot.kind() == SlotKind.CONV ? "conv " + slot.kernel() + "x" + slot.kernel() : "linear";
            out.printf(Locale.ROOT, "  %-" + width + "s  %-8s %5d -> %-5d |dW| = %s%s%n", slot.name(), kind,
                    slot.in(), slot.out(), format(ChangeNorms.weightDelta(c, slot)),
                    cosines == null ? "" : String.format(Locale.ROOT, "   cos = %.3f", cosines.get(stem(slot))));
        }
        if (cosines != null) {
            out.printf(Locale.ROOT, "Compared with:    %s: mean cosine over the layers %.3f%n", other,
                    cosines.values().stream().mapToDouble(Double::doubleValue).average().orElse(Double.NaN));
        }
    }

    private static String format(double value) {
        return String.format(Locale.ROOT, "%.4g", value);
    }

    /** Whether the change fits the model at hand; {@code checked} is the change read against it when it does. */
    private record Fit(boolean fits, String verdict, Change checked) {
    }

    private Fit checkFit() throws CliException, IOException {
        Path folder;
        try {
            folder = environment.models().locate(common.model);
        } catch (ModelNotFoundException e) {
            if (common.model != null) {
                throw new CliException(e.getMessage(), ExitCodes.USAGE, e);
            }
            return new Fit(false, "none found, so not checked (name one with --model DIR).", null);
        }
        BaseModelIdentity identity;
        try {
            ModelConfig config = ModelConfig.read(folder);
            identity = new BaseModelIdentity(config.name(), ModelFolder.fingerprint(config.sha256()),
                    config.slots());
        } catch (ModelFormatException e) {
            if (common.model != null) {
                throw new CliException("Cannot read the model in " + folder + ": " + e.getMessage(), ExitCodes.USAGE,
                        e);
            }
            return new Fit(false, folder + " cannot be read (" + e.getMessage() + "), so the change was not checked.",
                    null);
        }
        try {
            Change checked = ChangeFile.read(change, identity);
            return new Fit(true, identity.describe() + " in " + folder + ": the change fits this model.", checked);
        } catch (ChangeFileException e) {
            return new Fit(false, identity.describe() + " in " + folder + ": the change does NOT fit this model. "
                    + e.getMessage(), null);
        }
    }
}
