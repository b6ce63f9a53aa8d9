package studio.loc.app.cli;

import java.nio.file.Path;
import picocli.CommandLine.Option;

/** Options every command takes. */
public final class CommonOptions {

    @Option(names = "--model", paramLabel = "DIR",
            description = "Base-model folder (holds model.json). Default: $LOC_STUDIO_MODEL, else the bundled "
                    + "samples/default-model.")
    Path model;

    @Option(names = "--debug", description = "Show stack traces with errors.")
    boolean debug;
}
