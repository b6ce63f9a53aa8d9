package studio.loc.app.bench;

import java.io.IOException;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;

/**
 * Where the batch benchmark writes its generated photos and outputs: a folder the user named (kept afterwards, to
 * look at) or a temporary one (deleted afterwards, with everything in it, since only the benchmark wrote there).
 */
public final class WorkFolder implements AutoCloseable {

    private final Path path;
    private final boolean temporary;

    private WorkFolder(Path path, boolean temporary) {
        this.path = path;
        this.temporary = temporary;
    }

    /** @param chosen the user's folder, or null for a temporary one */
    public static WorkFolder create(Path chosen) throws IOException {
        if (chosen != null) {
            return new WorkFolder(Files.createDirectories(chosen), false);
        }
        return new WorkFolder(Files.createTempDirectory("loc-bench-"), true);
    }

    public Path path() {
        return path;
    }

    @Override
    public void close() throws IOException {
        if (!temporary || !Files.exists(path)) {
            return;
        }
        Files.walkFileTree(path, new SimpleFileVisitor<>() {
            @Override
            public FileVisitResult visitFile(Path file, BasicFileAttributes attributes) throws IOException {
                Files.delete(file);
                return FileVisitResult.CONTINUE;
            }

            @Override
            public FileVisitResult postVisitDirectory(Path dir, IOException failure) throws IOException {
                if (failure != null) {
                    throw failure;
                }
                Files.delete(dir);
                return FileVisitResult.CONTINUE;
            }
        });
    }
}
