package studio.loc.app.cli;

import picocli.CommandLine;
import picocli.CommandLine.ParseResult;

/** Builds the command tree: {@code loc-studio [learn|apply|edit|inspect|gui|train|eval|bench]}. */
public final class LocStudioCli {

    private LocStudioCli() {
    }

    /** A ready command line; set its out/err and call {@link CommandLine#execute(String...)}. */
    public static CommandLine create(CliEnvironment environment) {
        CommandLine commandLine = new CommandLine(new RootCommand(environment))
                .addSubcommand(new LearnCommand(environment))
                .addSubcommand(new ApplyCommand(environment))
                .addSubcommand(new EditCommand(environment))
                .addSubcommand(new InspectCommand(environment))
                .addSubcommand(new ExportLutCommand())
                .addSubcommand(new GuiCommand(environment))
                .addSubcommand(new TrainCommand(environment))
                .addSubcommand(new EvalCommand(environment))
                .addSubcommand(new QuadsCommand())
                .addSubcommand(new GridCommand())
                .addSubcommand(BenchCommand.create(environment));
        commandLine.setExecutionExceptionHandler(new ErrorReporter(environment.cancel()));
        commandLine.setParameterExceptionHandler(new ParameterErrorReporter());
        commandLine.setCaseInsensitiveEnumValuesAllowed(true);
        return commandLine;
    }

    /**
     * True when these arguments open the window (no command, or {@code gui}) rather than run a command; the
     * window handles its own closing, so Ctrl-C need not wait for work to wind down.
     */
    public static boolean opensWindow(CliEnvironment environment, String... args) {
        try {
            ParseResult parsed = create(environment).parseArgs(args);
            while (parsed.hasSubcommand()) {
                parsed = parsed.subcommand();
            }
            String name = parsed.commandSpec().name();
            return (name.equals("loc-studio") || name.equals("gui")) && !parsed.isUsageHelpRequested()
                    && !parsed.isVersionHelpRequested();
        } catch (CommandLine.ParameterException e) {
            return false;
        }
    }
}
