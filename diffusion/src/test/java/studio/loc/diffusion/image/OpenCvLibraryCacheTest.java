package studio.loc.diffusion.image;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** OpenCV's native library is unpacked once and reused; a killed process leaves nothing in the temp folder. */
class OpenCvLibraryCacheTest {

    @TempDir
    Path tmp;

    private Process startChild(Path temp, Path cache) throws IOException {
        List<String> command = List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Djava.io.tmpdir=" + temp, "-D" + OpenCvLibraryCache.CACHE_PROPERTY + "=" + cache,
                "--enable-native-access=ALL-UNNAMED", "-cp", System.getProperty("java.class.path"),
                OpenCvChildMain.class.getName());
        return new ProcessBuilder(command).redirectErrorStream(true).start();
    }

    private static void awaitLoaded(Process child) throws IOException {
        var reader = new BufferedReader(new InputStreamReader(child.getInputStream(), StandardCharsets.UTF_8));
        String line = reader.readLine();
        assertTrue(line != null && line.startsWith("loaded"), "the child did not load OpenCV: " + line);
    }

    private static void killDashNine(Process child) throws InterruptedException {
        child.destroyForcibly(); // SIGKILL: no shutdown hook runs
        assertTrue(child.waitFor(30, TimeUnit.SECONDS));
    }

    private static List<Path> filesUnder(Path folder) throws IOException {
        try (Stream<Path> files = Files.walk(folder)) {
            return files.filter(p -> !p.equals(folder)).sorted().toList();
        }
    }

    @Test
    void killedProcessesLeaveNothingInTempAndTheNextStartReusesAndCleansTheCache() throws Exception {
        Path temp = Files.createDirectories(tmp.resolve("temp"));
        Path cache = tmp.resolve("cache");

        Process first = startChild(temp, cache);
        awaitLoaded(first);
        killDashNine(first);

        assertEquals(List.of(), filesUnder(temp), "nothing unpacked into the temporary folder");
        List<Path> libraries = filesUnder(cache).stream().filter(Files::isRegularFile).toList();
        assertEquals(1, libraries.size(), "one unpacked library: " + filesUnder(cache));
        Path library = libraries.getFirst();
        FileTime unpackedAt = Files.getLastModifiedTime(library);
        Process gone = new ProcessBuilder("true").start();
        assertTrue(gone.waitFor(10, TimeUnit.SECONDS));
        Path leftover = library.resolveSibling(library.getFileName() + "." + gone.pid() + ".partial");
        Files.write(leftover, new byte[1024]); // as a process killed while unpacking leaves it

        Process second = startChild(temp, cache);
        awaitLoaded(second);
        killDashNine(second);

        assertFalse(Files.exists(leftover), "the next start deletes a dead process's partial unpack");
        assertEquals(unpackedAt, Files.getLastModifiedTime(library), "reused, not unpacked again");
        assertEquals(List.of(library), filesUnder(cache).stream().filter(Files::isRegularFile).toList());
        assertEquals(List.of(), filesUnder(temp));
    }
}
