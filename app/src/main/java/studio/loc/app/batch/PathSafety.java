package studio.loc.app.batch;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.Deque;

/** Path comparisons that see through symbolic links and "..", so "output inside input" cannot be dodged. */
final class PathSafety {

    private PathSafety() {
    }

    /**
     * The real path of {@code path}: the nearest existing ancestor resolved through links, plus the part of the
     * path that does not exist yet.
     */
    static Path real(Path path) {
        Path absolute = path.toAbsolutePath().normalize();
        Deque<Path> missing = new ArrayDeque<>();
        Path existing = absolute;
        while (existing != null && !Files.exists(existing)) {
            missing.push(existing.getFileName());
            existing = existing.getParent();
        }
        if (existing == null) {
            return absolute;
        }
        Path resolved;
        try {
            resolved = existing.toRealPath();
        } catch (IOException e) {
            resolved = existing;
        }
        while (!missing.isEmpty()) {
            resolved = resolved.resolve(missing.pop().toString());
        }
        return resolved;
    }

    /** True when {@code inner} is {@code outer} or lies anywhere below it (both real paths). */
    static boolean isSameOrInside(Path inner, Path outer) {
        return inner.equals(outer) || inner.startsWith(outer);
    }
}
