package studio.loc.app.cli;

import picocli.CommandLine;

/** Builds the command tree: {@code loc-studio [learn|apply|edit|inspect|gui]}. */
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
                .addSubcommand(new GuiCommand(environment));
        commandLine.setExecutionExceptionHandler(new ErrorReporter());
        commandLine.setCaseInsensitiveEnumValuesAllowed(true);
        return commandLine;
    }
}
