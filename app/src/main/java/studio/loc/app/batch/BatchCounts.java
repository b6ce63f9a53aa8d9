package studio.loc.app.batch;

import java.time.Duration;
import java.util.Optional;

/**
 * A snapshot of a batch's progress.
 *
 * @param total image files in the batch (non-images not included)
 * @param done edited in this run
 * @param alreadyDone finished by an earlier run and skipped
 * @param failed could not be edited
 * @param elapsed time since the batch started
 */
public record BatchCounts(int total, int done, int alreadyDone, int failed, Duration elapsed) {

    /** Files dealt with so far, whichever way. */
    public int finished() {
        return done + alreadyDone + failed;
    }

    /** Photos edited per second in this run (resumed ones cost nothing, so they are not counted). */
    public double imagesPerSecond() {
        double seconds = elapsed.toNanos() / 1e9;
        return seconds <= 0 ? 0 : (done + failed) / seconds;
    }

    /** Estimated time to finish, once at least one photo has been edited. */
    public Optional<Duration> remaining() {
        double rate = imagesPerSecond();
        if (rate <= 0) {
            return Optional.empty();
        }
        return Optional.of(Duration.ofMillis(Math.round((total - finished()) / rate * 1000)));
    }
}
