package studio.loc.app.batch;

import java.io.IOException;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.DirectoryStream;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.UUID;

/**
 * Writes an output through a hidden temporary file in the same folder and renames it into place, so an output
 * name only ever holds a complete file: a crash, Ctrl-C or full disk leaves at most a temporary file, which the
 * next run deletes.
 */
final class AtomicOutput {

    /** Part of every temporary name; nothing else in an output folder carries it. */
    static final String PARTIAL_MARKER = ".loc-partial.";
    private static final int MAX_NAME_IN_TEMP = 100;

    /** Writes one file. */
    @FunctionalInterface
    interface Writer {
        void write(Path temporaryFile) throws IOException;
    }

    private AtomicOutput() {
    }

    /** Writes {@code target} via {@code writer}; returns the size of the finished file. */
    static long write(Path target, String extension, Writer writer) throws IOException {
        Files.createDirectories(target.getParent());
        Path temp = target.resolveSibling(partialPrefix(target) + UUID.randomUUID().toString().substring(0, 8)
                + PARTIAL_MARKER + extension);
        try {
            writer.write(temp);
            long size = Files.size(temp);
            try {
                Files.move(temp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            } catch (AtomicMoveNotSupportedException e) {
                // some network shares cannot rename atomically; a plain rename in one folder is the best they offer
                Files.move(temp, target, StandardCopyOption.REPLACE_EXISTING);
            }
            return size;
        } finally {
            Files.deleteIfExists(temp);
        }
    }

    /** ".name." with the name cut short, so the temporary name stays within file-system name limits. */
    private static String partialPrefix(Path target) {
        String name = target.getFileName().toString();
        return "." + (name.length() > MAX_NAME_IN_TEMP ? name.substring(0, MAX_NAME_IN_TEMP) : name) + ".";
    }

    static boolean isPartial(Path file) {
        String name = file.getFileName().toString();
        return name.startsWith(".") && name.contains(PARTIAL_MARKER);
    }

    /** Deletes temporary files a killed run left below {@code root}; returns how many. */
    static int deleteLeftovers(Path root) throws IOException {
        if (!Files.isDirectory(root)) {
            return 0;
        }
        int[] deleted = {0};
        Files.walkFileTree(root, new SimpleFileVisitor<>() {
            @Override
            public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) throws IOException {
                if (attrs.isRegularFile() && isPartial(file) && Files.deleteIfExists(file)) {
                    deleted[0]++;
                }
                return FileVisitResult.CONTINUE;
            }

            @Override
            public FileVisitResult visitFileFailed(Path file, IOException e) {
                return FileVisitResult.CONTINUE;
            }
        });
        return deleted[0];
    }

    /** Deletes leftovers of one output file only (single-file runs, where the folder is not ours). */
    static void deleteLeftoversOf(Path target) throws IOException {
        Path folder = target.getParent();
        if (folder == null || !Files.isDirectory(folder)) {
            return;
        }
        String prefix = partialPrefix(target);
        try (DirectoryStream<Path> stream = Files.newDirectoryStream(folder, p -> isPartial(p)
                && p.getFileName().toString().startsWith(prefix))) {
            for (Path leftover : stream) {
                Files.deleteIfExists(leftover);
            }
        }
    }
}
