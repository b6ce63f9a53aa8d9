package studio.loc.app.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;
import studio.loc.app.model.ModelNotFoundException;

/**
 * {@code bench}: the two benchmarks as subcommands, {@code bench speed} ({@link BenchSpeedCommand}) and
 * {@code bench per-pair} ({@link BenchPerPairCommand}); plus what both do with their report.
 */
@Command(name = "bench", mixinStandardHelpOptions = true,
        description = {"Measure speed and memory on this machine, or compare with per-pair optimisation.",
                "bench speed: learning, one UNet step, the edit pipeline and a batch, timed on this machine.",
                "bench per-pair: the hypernetwork against per-pair LoRA optimisation on a development set.",
                "bench fullres: apply on 6-45 MP photos stage by stage, against FFmpeg lut3d and ImageMagick.",
                "Both take a while and want the machine to themselves: see docs/benchmarks.md for the run times."},
        footer = {"", "Examples:",
                "  loc-studio bench speed -o bench.md",
                "  loc-studio bench per-pair --devset ../devset --steps 50,200 --quads 1 -o per-pair.md",
                "  loc-studio bench fullres -o fullres.md",
                "", "Run 'loc-studio bench speed --help' or 'loc-studio bench per-pair --help' for their options."})
final class BenchCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    /** {@code bench} with its two subcommands. */
    static CommandLine create(CliEnvironment environment) {
        return new CommandLine(new BenchCommand())
                .addSubcommand(new BenchSpeedCommand(environment))
                .addSubcommand(new BenchPerPairCommand(environment))
                .addSubcommand(new BenchFullresCommand(environment));
    }

    @Override
    public Integer call() {
        throw new ParameterException(spec.commandLine(), "bench needs a subcommand: 'bench speed' (speed and "
                + "memory), 'bench per-pair --devset DIR' (against per-pair optimisation) or 'bench fullres' "
                + "(full-size photos against FFmpeg and ImageMagick)");
    }

    /** A report file named with -o must be a file, not a folder. */
    static void refuseFolder(CommandSpec spec, Path output) {
        if (output != null && Files.isDirectory(output)) {
            throw new ParameterException(spec.commandLine(), "-o " + output + " is a folder; give a file for the "
                    + "report, e.g. -o " + output.resolve("bench.md"));
        }
    }

    /** Prints the report and, with -o, writes it there too. */
    static void publish(CommandSpec spec, Path output, String report) throws IOException {
        PrintWriter out = spec.commandLine().getOut();
        out.print(report);
        out.flush();
        if (output != null) {
            Path parent = output.toAbsolutePath().getParent();
            Files.createDirectories(parent);
            Files.writeString(output, report, StandardCharsets.UTF_8);
            PrintWriter err = spec.commandLine().getErr();
            err.println("Report written to " + output);
            err.flush();
        }
    }

    static Path modelFolder(CliEnvironment environment, CommonOptions common) throws CliException {
        try {
            return environment.models().locate(common.model);
        } catch (ModelNotFoundException e) {
            throw new CliException(e.getMessage(), ExitCodes.USAGE, e);
        }
    }
}
