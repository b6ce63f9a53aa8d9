package studio.loc.app;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import studio.loc.app.batch.PictureFilesCodec;
import studio.loc.app.cli.CliEnvironment;
import studio.loc.app.model.ModelLocator;

/**
 * A child-process entry point for {@link BatchProcessTest}: the real {@link LocStudio#runAndExit} (signal
 * handling, exit codes) with the gain test engine slowed to {@code args[0]} ms per photo so the test can kill it
 * mid-batch. The remaining arguments are the command line.
 */
public final class SlowBatchMain {

    private SlowBatchMain() {
    }

    public static void main(String[] args) {
        long delay = Long.parseLong(args[0]);
        GainEngine.Probe probe = new GainEngine.Probe();
        probe.afterApply = n -> {
            try {
                Thread.sleep(delay);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        };
        String[] command = java.util.Arrays.copyOfRange(args, 1, args.length);
        LocStudio.runAndExit(cancel -> new CliEnvironment(() -> Optional.of(GainEngine.factory(probe)),
                new ModelLocator(Map.of(), Path.of(""), List.of()), new PictureFilesCodec(), cancel, false), command);
    }
}
