package studio.loc.app.gui.library;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.stream.Stream;

/** A folder of saved change files ({@code *.loc.safetensors}); newest first. */
public final class ChangeLibrary {

    public static final String EXTENSION = ".loc.safetensors";

    private final Path folder;

    public ChangeLibrary(Path folder) {
        this.folder = folder.toAbsolutePath();
    }

    public Path folder() {
        return folder;
    }

    /** The change files in the folder (none if it does not exist yet). */
    public List<Path> changeFiles() throws IOException {
        if (!Files.isDirectory(folder)) {
            return List.of();
        }
        try (Stream<Path> files = Files.list(folder)) {
            return files.filter(ChangeLibrary::isChangeFile)
                    .sorted(Comparator.comparing(ChangeLibrary::modified).reversed()
                            .thenComparing(p -> p.getFileName().toString()))
                    .toList();
        }
    }

    /** Where a change with this name is saved; characters that file systems refuse become '_'. */
    public Path fileFor(String changeName) {
        String safe = changeName.strip().replaceAll("[\\\\/:*?\"<>|\\p{Cntrl}]", "_");
        if (safe.isEmpty() || safe.chars().allMatch(c -> c == '.')) {
            safe = "change";
        }
        return folder.resolve(safe + EXTENSION);
    }

    public void ensureExists() throws IOException {
        Files.createDirectories(folder);
    }

    /** The file name without {@value #EXTENSION}, for files whose own name cannot be read. */
    public static String displayName(Path file) {
        String name = file.getFileName().toString();
        return name.toLowerCase(Locale.ROOT).endsWith(EXTENSION) ? name.substring(0, name.length() - EXTENSION.length()) : name;
    }

    public static boolean isChangeFile(Path file) {
        return Files.isRegularFile(file) && file.getFileName().toString().toLowerCase(Locale.ROOT).endsWith(EXTENSION);
    }

    private static FileTime modified(Path file) {
        try {
            return Files.getLastModifiedTime(file);
        } catch (IOException e) {
            return FileTime.fromMillis(0);
        }
    }
}
