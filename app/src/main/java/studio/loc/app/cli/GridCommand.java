package studio.loc.app.cli;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;
import studio.loc.diffusion.image.OpenCv;
import studio.loc.hypernet.eval.Devset;
import studio.loc.hypernet.eval.PredictionGrid;

/** {@code grid}: the picture grid of an {@code eval} run, one row per edit, to look at what the numbers mean. */
@Command(name = "grid", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Draw the picture grid of an eval run.",
                "One row per edit of the development set: A, A', B, the tool's B', then each method's prediction."},
        footer = {"", "Example:", "  loc-studio grid --devset ../devset --predictions eval-report/predictions "
                + "-o grid.png loc-hypernet lut9",
                "", "Exit codes: 0 written, 2 usage error."})
final class GridCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Mixin
    CommonOptions common;

    @Option(names = "--devset", required = true, paramLabel = "DIR", description = "The development set.")
    Path devset;

    @Option(names = "--predictions", required = true, paramLabel = "DIR",
            description = "The predictions folder an eval run wrote.")
    Path predictions;

    @Option(names = {"-o", "--out"}, required = true, paramLabel = "PNG", description = "The grid image to write.")
    Path out;

    @Option(names = "--quad", paramLabel = "K", defaultValue = "0",
            description = "Which quad of each edit to show (default: ${DEFAULT-VALUE}).")
    int quad;

    @Option(names = "--cell", paramLabel = "PX", defaultValue = "128",
            description = "Side of each picture in the grid (default: ${DEFAULT-VALUE}).")
    int cell;

    @Parameters(arity = "1..*", paramLabel = "METHOD", description = "Prediction folders, in column order.")
    List<String> methods;

    @Override
    public Integer call() throws Exception {
        if (!Files.isDirectory(devset) || !Files.isDirectory(predictions)) {
            throw new CliException("Not found: " + (Files.isDirectory(devset) ? predictions : devset).toAbsolutePath(),
                    ExitCodes.USAGE);
        }
        OpenCv.ensureLoaded();
        PredictionGrid.write(Devset.open(devset), predictions, methods, quad, cell, out);
        spec.commandLine().getOut().println("Wrote " + out);
        return ExitCodes.OK;
    }
}
