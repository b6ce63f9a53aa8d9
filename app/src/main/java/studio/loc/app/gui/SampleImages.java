package studio.loc.app.gui;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * The bundled example (before, after and query photos in {@code samples/images/}) that a first-time user sees,
 * so one click on "Learn change" shows an edit.
 *
 * @param before the example's before photo
 * @param after the example's after photo
 * @param queries photos to apply the change to (at least one)
 */
public record SampleImages(Path before, Path after, List<Path> queries) {

    /** Looks next to the model folder (and inside it) for {@code samples/images/} or {@code images/}. */
    public static Optional<SampleImages> near(Path modelFolder) {
        if (modelFolder == null) {
            return Optional.empty();
        }
        Path model = modelFolder.toAbsolutePath().normalize();
        List<Path> candidates = new ArrayList<>();
        candidates.add(model.resolve("samples/images"));
        candidates.add(model.resolve("images"));
        if (model.getParent() != null) {
            candidates.add(model.getParent().resolve("samples/images"));
            candidates.add(model.getParent().resolve("images"));
        }
        for (Path folder : candidates) {
            Optional<SampleImages> found = in(folder);
            if (found.isPresent()) {
                return found;
            }
        }
        return Optional.empty();
    }

    /** The samples in one folder, when it holds a before, an after and at least one query image. */
    public static Optional<SampleImages> in(Path folder) {
        if (!Files.isDirectory(folder)) {
            return Optional.empty();
        }
        List<Path> images;
        try (Stream<Path> files = Files.list(folder)) {
            images = files.filter(SampleImages::isSampleImage).sorted().toList();
        } catch (IOException e) {
            return Optional.empty();
        }
        Optional<Path> before = images.stream().filter(p -> startsWith(p, "before")).findFirst();
        Optional<Path> after = images.stream().filter(p -> startsWith(p, "after")).findFirst();
        List<Path> queries = images.stream().filter(p -> startsWith(p, "query")).toList();
        if (before.isEmpty() || after.isEmpty() || queries.isEmpty()) {
            return Optional.empty();
        }
        return Optional.of(new SampleImages(before.get(), after.get(), queries));
    }

    private static boolean isSampleImage(Path file) {
        String name = file.getFileName().toString().toLowerCase(Locale.ROOT);
        return Files.isRegularFile(file) && (name.endsWith(".png") || name.endsWith(".jpg") || name.endsWith(".jpeg"));
    }

    private static boolean startsWith(Path file, String prefix) {
        return file.getFileName().toString().toLowerCase(Locale.ROOT).startsWith(prefix);
    }
}
