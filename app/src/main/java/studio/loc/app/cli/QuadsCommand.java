package studio.loc.app.cli;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import studio.loc.diffusion.image.OpenCv;
import studio.loc.hypernet.data.PhotoCorpus;
import studio.loc.hypernet.data.synthetic.EditCatalog;
import studio.loc.hypernet.data.synthetic.EditCategory;
import studio.loc.hypernet.data.synthetic.EditFamily;
import studio.loc.hypernet.eval.SyntheticDevsetWriter;

/**
 * {@code quads}: writes synthetic validation quads (every edit family of the training data, on photos of a folder) in
 * the devset layout, so that {@code eval} scores design choices on them instead of on the real devsets.
 */
@Command(name = "quads", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Write synthetic validation quads in the development-set layout.",
                "For every family of synthetic edits the model is trained on, makes quads (A, A', B, B') from the "
                        + "photos of --photos and writes them with a manifest.csv, ready for `loc-studio eval`."},
        footer = {"", "Example:", "  loc-studio quads --photos ../photos -o validation-quads",
                "  loc-studio eval --devset validation-quads -o eval-validation",
                "", "Exit codes: 0 written, 2 usage error (no photos, output not writable)."})
final class QuadsCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Mixin
    CommonOptions common;

    @Option(names = "--photos", required = true, paramLabel = "DIR", description = "Folder of photos to edit.")
    Path photos;

    @Option(names = {"-o", "--out"}, required = true, paramLabel = "DIR", description = "Where to write the quads.")
    Path out;

    @Option(names = "--per-family", paramLabel = "N", defaultValue = "1",
            description = "Quads per edit family (default: ${DEFAULT-VALUE}).")
    int perFamily;

    @Option(names = "--seed", paramLabel = "S", defaultValue = "424242",
            description = "Seed of the photos, crops and edit parameters (default: ${DEFAULT-VALUE}).")
    long seed;

    @Option(names = "--size", paramLabel = "PX", defaultValue = "256",
            description = "Side of the square quads in pixels (default: ${DEFAULT-VALUE}).")
    int size;

    @Override
    public Integer call() throws Exception {
        if (!Files.isDirectory(photos)) {
            throw new CliException("Photo folder not found: " + photos.toAbsolutePath(), ExitCodes.USAGE);
        }
        if (perFamily < 1 || size < 16) {
            throw new CliException("--per-family must be at least 1 and --size at least 16", ExitCodes.USAGE);
        }
        OpenCv.ensureLoaded();
        List<EditFamily> families = new ArrayList<>();
        for (EditCategory category : EditCategory.values()) {
            families.addAll(EditCatalog.inCategory(category));
        }
        try (PhotoCorpus corpus = PhotoCorpus.load(photos)) {
            int written = new SyntheticDevsetWriter(corpus, size).write(out, families, perFamily, seed);
            spec.commandLine().getOut().println("Wrote " + written + " synthetic quads to " + out);
        }
        return ExitCodes.OK;
    }
}
