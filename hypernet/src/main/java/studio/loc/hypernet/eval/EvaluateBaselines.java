package studio.loc.hypernet.eval;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * Prints the identity and 3D-LUT baselines on a development set as a Markdown table (and, given an output folder,
 * writes {@code baselines.csv} and every prediction there).
 *
 * <p>Usage: {@code EvaluateBaselines <devset-folder> [<output-folder>]}
 */
public final class EvaluateBaselines {

    private EvaluateBaselines() {
    }

    public static void main(String[] args) throws IOException, EvaluationException {
        if (args.length < 1 || args.length > 2) {
            System.err.println("usage: EvaluateBaselines <devset-folder> [<output-folder>]");
            System.exit(2);
        }
        Devset set = Devset.open(Path.of(args[0]));
        Path out = args.length == 2 ? Path.of(args[1]) : null;
        EvaluationReport report = new Evaluator().run(set,
                List.of(new IdentityPredictor(), new LutBaselinePredictor()), out);
        System.out.println(report.toMarkdownTable());
        if (out != null) {
            Files.createDirectories(out);
            Files.writeString(out.resolve("baselines.csv"), report.toCsv(), StandardCharsets.UTF_8);
        }
    }
}
