package studio.loc.app.batch;

import java.nio.file.Path;

/**
 * One photo the batch will edit.
 *
 * @param input the photo
 * @param output where its result goes
 * @param outputKey the output's path relative to the output folder, with '/' separators (the manifest key)
 * @param format the output format
 */
record PlannedFile(Path input, Path output, String outputKey, String format) {
}
