package studio.loc.spark;

import java.io.Serializable;

/**
 * One photo of the catalogue the job edits.
 *
 * @param input the photo's full path as the file source lists it (a Hadoop path string)
 * @param outputKey its output's path below the output folder, '/'-separated (the same name {@code apply} gives it)
 * @param format the output format ({@code "png"}, {@code "jpeg"}, ...)
 */
public record PlannedPhoto(String input, String outputKey, String format) implements Serializable {
}
