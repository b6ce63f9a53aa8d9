package studio.loc.diffusion.image;

import java.io.IOException;
import java.io.InputStream;
import java.net.URL;
import java.net.URLConnection;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Locale;
import java.util.Optional;
import org.opencv.core.Core;

/**
 * Unpacks the OpenCV native library from the openpnp jar once into a per-user cache folder named after its
 * version and platform, and reuses it on every later start. Unlike openpnp's own loader, which unpacks ~60 MB
 * into a fresh temporary folder per process and deletes it in a shutdown hook, this leaves nothing behind when a
 * process is killed, and needs no shutdown hook (which fails when Ctrl-C arrives during start-up). A killed
 * unpack leaves a partial file named with its process id; the next start deletes it.
 */
final class OpenCvLibraryCache {

    /** System property overriding the cache folder (tests, portable installs). */
    static final String CACHE_PROPERTY = "loc.opencv.cache";
    private static final String PARTIAL = ".partial";

    private OpenCvLibraryCache() {
    }

    /**
     * The unpacked library, unpacking it first if the cache does not hold this exact file yet. Falls back to a
     * fixed folder in the temporary directory when the user's cache folder cannot be written.
     */
    static Path unpacked() throws IOException {
        try {
            return unpackInto(cacheRoot());
        } catch (IOException e) {
            if (!System.getProperty(CACHE_PROPERTY, "").isBlank()) {
                throw e;
            }
            return unpackInto(temporaryRoot());
        }
    }

    private static Path unpackInto(Path root) throws IOException {
        String platform = platform();
        String fileName = System.mapLibraryName(Core.NATIVE_LIBRARY_NAME);
        String resource = "/nu/pattern/opencv/" + platform + "/" + fileName;
        URL url = OpenCvLibraryCache.class.getResource(resource);
        if (url == null) {
            throw new IOException("this build has no OpenCV library for " + platform + " (looked for " + resource
                    + " in the openpnp jar)");
        }
        URLConnection connection = url.openConnection();
        long size = connection.getContentLengthLong();
        Path folder = root.resolve("opencv-" + Core.VERSION + "-" + platform.replace('/', '-'));
        Files.createDirectories(folder);
        deleteLeftovers(folder);
        Path library = folder.resolve(fileName);
        if (Files.isRegularFile(library) && Files.size(library) == size) {
            return library;
        }
        Path partial = folder.resolve(fileName + "." + ProcessHandle.current().pid() + PARTIAL);
        try (InputStream in = connection.getInputStream()) {
            Files.copy(in, partial, StandardCopyOption.REPLACE_EXISTING);
            try {
                Files.move(partial, library, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            } catch (AtomicMoveNotSupportedException e) {
                Files.move(partial, library, StandardCopyOption.REPLACE_EXISTING);
            } catch (IOException e) {
                // another process unpacked the same file meanwhile and holds it open (Windows): use theirs
                if (!(Files.isRegularFile(library) && Files.size(library) == size)) {
                    throw e;
                }
            }
        } finally {
            Files.deleteIfExists(partial);
        }
        return library;
    }

    /** Deletes partial unpacks of processes that are no longer running. */
    private static void deleteLeftovers(Path folder) {
        try (DirectoryStream<Path> partials = Files.newDirectoryStream(folder, "*" + PARTIAL)) {
            for (Path partial : partials) {
                if (writerOf(partial).flatMap(ProcessHandle::of).filter(ProcessHandle::isAlive).isEmpty()) {
                    Files.deleteIfExists(partial);
                }
            }
        } catch (IOException e) {
            // a leftover we cannot delete now is tried again at the next start
        }
    }

    private static Optional<Long> writerOf(Path partial) {
        String name = partial.getFileName().toString();
        String withoutSuffix = name.substring(0, name.length() - PARTIAL.length());
        try {
            return Optional.of(Long.parseLong(withoutSuffix.substring(withoutSuffix.lastIndexOf('.') + 1)));
        } catch (NumberFormatException e) {
            return Optional.empty();
        }
    }

    /** The per-user cache folder of the platform, or a fixed folder in the temporary directory without a home. */
    private static Path cacheRoot() {
        String configured = System.getProperty(CACHE_PROPERTY, "");
        if (!configured.isBlank()) {
            return Path.of(configured);
        }
        String os = System.getProperty("os.name", "").toLowerCase(Locale.ROOT);
        String home = System.getProperty("user.home", "");
        Path base;
        String xdg = System.getenv("XDG_CACHE_HOME");
        if (os.contains("win") && System.getenv("LOCALAPPDATA") != null) {
            base = Path.of(System.getenv("LOCALAPPDATA"), "loc-studio", "cache");
        } else if (os.contains("mac") && !home.isBlank()) {
            base = Path.of(home, "Library", "Caches", "loc-studio");
        } else if (xdg != null && !xdg.isBlank()) {
            base = Path.of(xdg, "loc-studio");
        } else if (!home.isBlank() && !home.equals("?")) {
            base = Path.of(home, ".cache", "loc-studio");
        } else {
            base = temporaryRoot();
        }
        return base;
    }

    /** One fixed folder per user (not one per process), so even this fallback unpacks only once. */
    private static Path temporaryRoot() {
        return Path.of(System.getProperty("java.io.tmpdir"), "loc-studio-" + System.getProperty("user.name"));
    }

    /** openpnp's folder for this machine: linux/x86_64, osx/ARMv8, windows/x86_64, ... */
    private static String platform() throws IOException {
        String os = System.getProperty("os.name", "").toLowerCase(Locale.ROOT);
        String arch = System.getProperty("os.arch", "").toLowerCase(Locale.ROOT);
        String osFolder = os.contains("win") ? "windows" : os.contains("mac") ? "osx"
                : os.contains("linux") ? "linux" : null;
        String archFolder = switch (arch) {
            case "amd64", "x86_64" -> "x86_64";
            case "x86", "i386", "i686" -> "x86_32";
            case "aarch64", "arm64" -> "ARMv8";
            case "arm" -> "ARMv7";
            default -> null;
        };
        if (osFolder == null || archFolder == null) {
            throw new IOException("OpenCV is not bundled for " + os + " on " + arch);
        }
        return osFolder + "/" + archFolder;
    }
}
