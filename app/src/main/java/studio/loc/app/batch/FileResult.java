package studio.loc.app.batch;

import java.nio.file.Path;

/**
 * One input file's outcome.
 *
 * @param input the input file
 * @param output where its result is (or would have been) written; null for skipped non-images
 * @param status what happened
 * @param reason why it failed or was skipped; empty otherwise
 */
public record FileResult(Path input, Path output, FileStatus status, String reason) {
}
