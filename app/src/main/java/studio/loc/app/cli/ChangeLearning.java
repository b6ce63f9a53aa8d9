package studio.loc.app.cli;

import java.io.PrintWriter;
import java.nio.file.Path;
import studio.loc.diffusion.image.Picture;
import studio.loc.diffusion.progress.CancelledException;
import studio.loc.diffusion.progress.ProgressListener;
import studio.loc.hypernet.engine.ChangeEngine;
import studio.loc.hypernet.engine.EngineException;
import studio.loc.hypernet.engine.LearnedChange;

/** Learns a change from a before/after pair for {@code learn} and {@code edit}. */
final class ChangeLearning {

    private ChangeLearning() {
    }

    static LearnedChange learn(CliEnvironment environment, ChangeEngine engine, Path before, Path after, String name,
                               int refineSteps, PrintWriter err) throws CliException, CancelledException {
        if (before.toAbsolutePath().normalize().equals(after.toAbsolutePath().normalize())) {
            throw new CliException("--before and --after are the same file; give the photo before and after the "
                    + "edit.", ExitCodes.USAGE);
        }
        try (Picture beforePicture = PhotoInput.read(environment, before, "--before");
             Picture afterPicture = PhotoInput.read(environment, after, "--after")) {
            err.println("Learning the change from " + before.getFileName() + " -> " + after.getFileName()
                    + (refineSteps > 0 ? ", then refining it for " + refineSteps + (refineSteps == 1 ? " step" : " steps")
                    : "") + " ...");
            err.flush();
            return engine.learn(beforePicture, afterPicture, name, refineSteps, refineProgress(refineSteps, err),
                    environment.cancel());
        } catch (EngineException e) {
            throw new CliException("Learning the change failed: " + e.getMessage(), ExitCodes.SOME_FAILED, e);
        }
    }

    /** A line every tenth of the refinement (it runs for seconds to minutes); nothing for a plain learn. */
    private static ProgressListener refineProgress(int refineSteps, PrintWriter err) {
        if (refineSteps == 0) {
            return ProgressListener.NONE;
        }
        int every = Math.max(1, refineSteps / 10);
        return (done, total, message) -> {
            if (done % every == 0 || done == total) {
                err.println("  refined " + done + "/" + total);
                err.flush();
            }
        };
    }
}
