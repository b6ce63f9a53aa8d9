package studio.loc.spark;

import java.io.Serializable;

/**
 * What became of one photo.
 *
 * @param input the photo's path
 * @param outputKey its output below the output folder
 * @param status what happened
 * @param reason why it failed, in words ("" unless failed)
 */
public record PhotoOutcome(String input, String outputKey, Status status, String reason) implements Serializable {

    /** What happened to a photo. */
    public enum Status {
        /** Edited and written in this run. */
        DONE,
        /** A previous run finished it with the same change and settings. */
        ALREADY_DONE,
        /** Not edited; the reason says why. */
        FAILED
    }
}
