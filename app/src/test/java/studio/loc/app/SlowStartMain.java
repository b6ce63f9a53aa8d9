package studio.loc.app;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import studio.loc.app.batch.PictureFilesCodec;
import studio.loc.app.cli.CliEnvironment;
import studio.loc.app.model.ModelLocator;
import studio.loc.diffusion.image.OpenCv;
import studio.loc.diffusion.progress.CancellationToken;
import studio.loc.hypernet.engine.EngineFactory;

/**
 * A child-process entry point for {@link StartupSignalTest}: the real {@link LocStudio#runAndExit} with the gain
 * test engine, whose opening says "opening" on stderr, waits for the test's Ctrl-C (at most {@code args[0]} ms) and
 * then loads OpenCV, as the real engine does while the program starts. The remaining arguments are the command.
 */
public final class SlowStartMain {

    private SlowStartMain() {
    }

    public static void main(String[] args) {
        long limit = Long.parseLong(args[0]);
        EngineFactory gain = GainEngine.factory(new GainEngine.Probe());
        String[] command = java.util.Arrays.copyOfRange(args, 1, args.length);
        LocStudio.runAndExit(cancel -> new CliEnvironment(() -> Optional.of(slowOpening(gain, cancel, limit)),
                new ModelLocator(Map.of(), Path.of(""), List.of()), new PictureFilesCodec(), cancel, false), command);
    }

    /**
     * Says "opening", then waits until Ctrl-C has arrived (at most {@code limit} ms) and loads OpenCV, so the signal
     * always lands during start-up however slowly a busy machine delivers it.
     */
    private static EngineFactory slowOpening(EngineFactory gain, CancellationToken cancel, long limit) {
        return folder -> {
            System.err.println("opening");
            System.err.flush();
            long deadline = System.nanoTime() + limit * 1_000_000;
            while (!cancel.isCancelled() && System.nanoTime() < deadline) {
                try {
                    Thread.sleep(10);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    break;
                }
            }
            OpenCv.ensureLoaded();
            return gain.open(folder);
        };
    }
}
