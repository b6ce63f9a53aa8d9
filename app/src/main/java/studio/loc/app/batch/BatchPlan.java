package studio.loc.app.batch;

import java.nio.file.Path;
import java.util.List;

/**
 * The files of a batch, decided before anything is written.
 *
 * @param outputRoot the output folder (the output file's folder for single-file runs)
 * @param images photos to edit, in a stable order
 * @param notImages files left alone, with the reason
 * @param unreadable files or folders that could not even be listed or examined
 */
record BatchPlan(Path outputRoot, List<PlannedFile> images, List<FileResult> notImages,
                 List<FileResult> unreadable) {
}
