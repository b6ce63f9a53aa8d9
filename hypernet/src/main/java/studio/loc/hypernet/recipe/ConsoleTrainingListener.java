package studio.loc.hypernet.recipe;

import java.io.PrintStream;
import studio.loc.diffusion.train.TrainingListener;
import studio.loc.diffusion.train.TrainingProgress;

/** Prints a progress line every {@code every} steps (loss, rate, ETA), prefixed with the stage name. */
public final class ConsoleTrainingListener implements TrainingListener {

    private final String stage;
    private final long every;
    private final PrintStream out;

    public ConsoleTrainingListener(String stage, long every, PrintStream out) {
        this.stage = stage;
        this.every = Math.max(1, every);
        this.out = out;
    }

    @Override
    public void onStep(TrainingProgress progress) {
        if (progress.step() % every == 0 || progress.step() == progress.totalSteps()) {
            out.println("[" + stage + "] " + progress.message());
            out.flush();
        }
    }
}
