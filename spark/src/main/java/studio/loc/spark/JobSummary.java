package studio.loc.spark;

import java.time.Duration;
import java.util.List;

/**
 * How a run ended.
 *
 * @param edited photos edited and written in this run
 * @param alreadyDone photos a previous run had finished with the same change and settings
 * @param failures photos that could not be edited, with reasons (also in the failures table)
 * @param otherFiles files that are not photos, skipped
 * @param failuresTable where the failures table was written
 * @param elapsed wall time of the run
 */
public record JobSummary(long edited, long alreadyDone, List<PhotoOutcome> failures, int otherFiles,
                         String failuresTable, Duration elapsed) {

    public JobSummary {
        failures = List.copyOf(failures);
    }

    public long failed() {
        return failures.size();
    }

    /** One line for the driver log and the console, like {@code apply}'s summary. */
    public String describe() {
        StringBuilder line = new StringBuilder().append(edited).append(" edited");
        if (alreadyDone > 0) {
            line.append(", ").append(alreadyDone).append(" already done");
        }
        line.append(", ").append(failed()).append(" failed");
        if (otherFiles > 0) {
            line.append(", ").append(otherFiles).append(otherFiles == 1 ? " other file" : " other files")
                    .append(" skipped");
        }
        return line.append(" in ").append(elapsed.toMillis() / 1000.0).append(" s. Failures: ").append(failuresTable)
                .toString();
    }
}
