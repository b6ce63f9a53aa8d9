package studio.loc.spark;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.ServiceLoader;
import java.util.TreeMap;
import picocli.CommandLine;
import studio.loc.app.batch.PictureFilesCodec;
import studio.loc.app.cli.CliEnvironment;
import studio.loc.app.cli.LocStudioCli;
import studio.loc.app.model.ModelLocator;
import studio.loc.diffusion.progress.CancellationToken;
import studio.loc.hypernet.engine.EngineFactory;

/** {@code loc-studio apply} run in this JVM with the installed engine: the reference the job must match. */
final class ApplyCli {

    record Result(int exitCode, String err) {
    }

    private ApplyCli() {
    }

    static Result run(Path workingDirectory, String... args) {
        CliEnvironment environment = new CliEnvironment(() -> ServiceLoader.load(EngineFactory.class).findFirst(),
                new ModelLocator(Map.of(), workingDirectory, List.of()), new PictureFilesCodec(),
                new CancellationToken(), false);
        StringWriter err = new StringWriter();
        CommandLine commandLine = LocStudioCli.create(environment);
        commandLine.setOut(new PrintWriter(new StringWriter()));
        commandLine.setErr(new PrintWriter(err));
        int code = commandLine.execute(args);
        return new Result(code, err.toString());
    }

    /** The failed rows of apply's loc-batch-report.csv: input path to reason. */
    static Map<String, String> failures(Path outputFolder) throws IOException {
        Map<String, String> failed = new TreeMap<>();
        List<String> lines = Files.readAllLines(outputFolder.resolve("loc-batch-report.csv"), StandardCharsets.UTF_8);
        for (String line : lines.subList(1, lines.size())) {
            List<String> cells = csvCells(line);
            if (cells.get(0).equals("failed")) {
                failed.put(cells.get(1), cells.get(3));
            }
        }
        return failed;
    }

    /** The cells of one RFC 4180 line (no line breaks inside cells in these tests). */
    static List<String> csvCells(String line) {
        List<String> cells = new ArrayList<>();
        StringBuilder cell = new StringBuilder();
        boolean quoted = false;
        for (int i = 0; i < line.length(); i++) {
            char c = line.charAt(i);
            if (quoted) {
                if (c == '"' && i + 1 < line.length() && line.charAt(i + 1) == '"') {
                    cell.append('"');
                    i++;
                } else if (c == '"') {
                    quoted = false;
                } else {
                    cell.append(c);
                }
            } else if (c == '"') {
                quoted = true;
            } else if (c == ',') {
                cells.add(cell.toString());
                cell.setLength(0);
            } else {
                cell.append(c);
            }
        }
        cells.add(cell.toString());
        return cells;
    }
}
