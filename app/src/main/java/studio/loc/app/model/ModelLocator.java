package studio.loc.app.model;

import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import studio.loc.app.LocStudio;

/**
 * Finds the base-model folder to open. In order: the folder the user named ({@code --model}), the environment
 * variable {@value #ENV_VARIABLE}, {@code samples/default-model} next to the installed application (jar or
 * jpackage app-image), and {@code samples/default-model} in a source checkout (walking up from the working
 * directory and from the code location). A model folder is one that holds {@value #MODEL_DESCRIPTOR}.
 */
public final class ModelLocator {

    public static final String ENV_VARIABLE = "LOC_STUDIO_MODEL";
    public static final String MODEL_DESCRIPTOR = "model.json";
    static final Path BUNDLED_MODEL = Path.of("samples", "default-model");

    private final Map<String, String> environment;
    private final Path workingDirectory;
    private final List<Path> installLocations;

    /**
     * @param environment the process environment (only {@value #ENV_VARIABLE} is read)
     * @param workingDirectory where relative paths and the source-tree search start
     * @param installLocations where the running program lives (jar, classes folder, app-image launcher); the
     *                         search walks up from each
     */
    public ModelLocator(Map<String, String> environment, Path workingDirectory, List<Path> installLocations) {
        this.environment = Map.copyOf(environment);
        this.workingDirectory = workingDirectory.toAbsolutePath().normalize();
        this.installLocations = List.copyOf(installLocations);
    }

    /** A locator for the running process: real environment, current directory, this program's code location. */
    public static ModelLocator forThisProcess() {
        List<Path> install = new ArrayList<>();
        // jpackage launchers set this to the launcher binary, <app>/bin/<name>; samples live at <app>/...
        String appPath = System.getProperty("jpackage.app-path");
        if (appPath != null && !appPath.isBlank()) {
            install.add(Path.of(appPath));
        }
        codeLocation().ifPresent(install::add);
        return new ModelLocator(System.getenv(), Path.of(""), install);
    }

    private static Optional<Path> codeLocation() {
        try {
            var source = LocStudio.class.getProtectionDomain().getCodeSource();
            return source == null ? Optional.empty() : Optional.of(Path.of(source.getLocation().toURI()));
        } catch (URISyntaxException | SecurityException | IllegalArgumentException e) {
            return Optional.empty();
        }
    }

    /**
     * Returns the model folder to use.
     *
     * @param explicit the folder given with {@code --model}, or null
     * @throws ModelNotFoundException if the named folder is not a model folder, or none was found anywhere
     */
    public Path locate(Path explicit) throws ModelNotFoundException {
        if (explicit != null) {
            Path folder = workingDirectory.resolve(explicit).normalize();
            if (isModelFolder(folder)) {
                return folder;
            }
            throw new ModelNotFoundException(describeMissing(folder, "--model"), List.of(folder));
        }
        String fromEnv = environment.get(ENV_VARIABLE);
        if (fromEnv != null && !fromEnv.isBlank()) {
            Path folder = workingDirectory.resolve(fromEnv.trim()).normalize();
            if (isModelFolder(folder)) {
                return folder;
            }
            throw new ModelNotFoundException(describeMissing(folder, ENV_VARIABLE), List.of(folder));
        }
        Set<Path> searched = new LinkedHashSet<>();
        for (Path start : installLocations) {
            Optional<Path> found = searchUpwards(start, searched);
            if (found.isPresent()) {
                return found.get();
            }
        }
        Optional<Path> found = searchUpwards(workingDirectory, searched);
        if (found.isPresent()) {
            return found.get();
        }
        StringBuilder message = new StringBuilder("No base model found. Looked for a folder with ")
                .append(MODEL_DESCRIPTOR).append(" in:");
        for (Path place : searched) {
            message.append(System.lineSeparator()).append("  ").append(place);
        }
        message.append(System.lineSeparator())
                .append("Name a model folder with --model DIR or set ").append(ENV_VARIABLE).append('.');
        throw new ModelNotFoundException(message.toString(), new ArrayList<>(searched));
    }

    private static Optional<Path> searchUpwards(Path start, Set<Path> searched) {
        Path dir = start.toAbsolutePath().normalize();
        if (!Files.isDirectory(dir)) {
            dir = dir.getParent();
        }
        for (; dir != null; dir = dir.getParent()) {
            Path candidate = dir.resolve(BUNDLED_MODEL);
            if (searched.add(candidate) && isModelFolder(candidate)) {
                return Optional.of(candidate);
            }
        }
        return Optional.empty();
    }

    private static boolean isModelFolder(Path folder) {
        return Files.isRegularFile(folder.resolve(MODEL_DESCRIPTOR));
    }

    private static String describeMissing(Path folder, String source) {
        Objects.requireNonNull(folder);
        if (!Files.exists(folder)) {
            return "The model folder " + folder + " (from " + source + ") does not exist.";
        }
        if (!Files.isDirectory(folder)) {
            return "The model path " + folder + " (from " + source + ") is a file; name the folder that holds "
                    + MODEL_DESCRIPTOR + ".";
        }
        return "The folder " + folder + " (from " + source + ") is not a model folder: it has no "
                + MODEL_DESCRIPTOR + ".";
    }
}
