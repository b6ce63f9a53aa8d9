package studio.loc.app;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import studio.loc.app.batch.PictureFilesCodec;
import studio.loc.app.cli.CliEnvironment;
import studio.loc.app.model.ModelLocator;
import studio.loc.diffusion.image.OpenCv;
import studio.loc.hypernet.engine.EngineFactory;

/**
 * A child-process entry point for {@link StartupSignalTest}: the real {@link LocStudio#runAndExit} with the gain
 * test engine, whose opening says "opening" on stderr, waits {@code args[0]} ms (time for the test's Ctrl-C) and
 * then loads OpenCV, as the real engine does while the program starts. The remaining arguments are the command.
 */
public final class SlowStartMain {

    private SlowStartMain() {
    }

    public static void main(String[] args) {
        long delay = Long.parseLong(args[0]);
        EngineFactory gain = GainEngine.factory(new GainEngine.Probe());
        EngineFactory slow = folder -> {
            System.err.println("opening");
            System.err.flush();
            try {
                Thread.sleep(delay);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            OpenCv.ensureLoaded();
            return gain.open(folder);
        };
        String[] command = java.util.Arrays.copyOfRange(args, 1, args.length);
        LocStudio.runAndExit(cancel -> new CliEnvironment(() -> Optional.of(slow),
                new ModelLocator(Map.of(), Path.of(""), List.of()), new PictureFilesCodec(), cancel, false), command);
    }
}
