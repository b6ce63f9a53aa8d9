package studio.loc.hypernet.data;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.opencv.core.CvType;
import studio.loc.diffusion.image.ImageFormatException;
import studio.loc.hypernet.data.PairFolder.ImagePair;
import studio.loc.hypernet.data.PairFolder.Problem;
import studio.loc.hypernet.data.PairFolder.Scan;

class PairFolderTest {

    @TempDir
    Path dir;

    @Test
    void matchesBeforeAndAfterSubfoldersByBaseName() throws IOException {
        TestFiles.writeScene(dir.resolve("Before/beach.jpg"), 40, 30);
        TestFiles.writeScene(dir.resolve("AFTER/beach.png"), 40, 30);
        TestFiles.writeScene(dir.resolve("Before/city.png"), 20, 20);
        TestFiles.writeScene(dir.resolve("AFTER/city.png"), 20, 20);
        Files.writeString(dir.resolve("AFTER/notes.txt"), "not an image, ignored");

        Scan scan = PairFolder.scan(dir);

        assertEquals(List.of("beach", "city"), names(scan));
        ImagePair beach = scan.pairs().get(0);
        assertEquals(dir.resolve("Before/beach.jpg"), beach.before());
        assertEquals(dir.resolve("AFTER/beach.png"), beach.after());
        assertEquals(List.of(), scan.problems());
    }

    @Test
    void matchesSuffixedFilesInOneFolder() throws IOException {
        TestFiles.writeScene(dir.resolve("beach_before.jpg"), 40, 30);
        TestFiles.writeScene(dir.resolve("beach_after.png"), 40, 30);
        TestFiles.writeScene(dir.resolve("City-Before.png"), 20, 20);
        TestFiles.writeScene(dir.resolve("City-AFTER.bmp"), 20, 20);
        Files.writeString(dir.resolve("README.md"), "ignored");

        Scan scan = PairFolder.scan(dir);

        assertEquals(List.of("City", "beach"), names(scan));
        assertEquals(List.of(), scan.problems());
    }

    @Test
    void listsEveryProblemWithAReasonAndKeepsTheGoodPairs() throws IOException {
        TestFiles.writeScene(dir.resolve("good_before.png"), 30, 30);
        TestFiles.writeScene(dir.resolve("good_after.png"), 30, 30);
        TestFiles.writeScene(dir.resolve("lonely_before.png"), 30, 30);
        TestFiles.writeScene(dir.resolve("orphan_after.jpg"), 30, 30);
        TestFiles.writeScene(dir.resolve("stray.png"), 30, 30);
        TestFiles.writeScene(dir.resolve("sizes_before.png"), 30, 30);
        TestFiles.writeScene(dir.resolve("sizes_after.png"), 32, 30);
        TestFiles.writeScene(dir.resolve("broken_before.png"), 30, 30);
        TestFiles.writeGarbage(dir.resolve("broken_after.png"));
        TestFiles.writeScene(dir.resolve("cut_before.png"), 64, 48);
        TestFiles.writeTruncatedJpeg(dir.resolve("cut_after.jpg"), 64, 48);
        TestFiles.writeScene(dir.resolve("twice_before.png"), 30, 30);
        TestFiles.writeScene(dir.resolve("twice_before.jpg"), 30, 30);
        TestFiles.writeScene(dir.resolve("twice_after.png"), 30, 30);

        Scan scan = PairFolder.scan(dir);

        assertEquals(List.of("good", "twice"), names(scan));
        Map<String, String> reasons = scan.problems().stream()
                .collect(Collectors.toMap(p -> p.file().getFileName().toString(), Problem::reason));
        assertEquals(7, reasons.size(), scan.problems().toString());
        assertTrue(reasons.get("lonely_before.png").contains("no matching 'after'"));
        assertTrue(reasons.get("orphan_after.jpg").contains("no matching 'before'"));
        assertTrue(reasons.get("stray.png").contains("not part of a pair"));
        assertTrue(reasons.get("sizes_after.png").contains("does not match"), reasons.get("sizes_after.png"));
        assertTrue(reasons.get("sizes_after.png").contains("32x30"));
        assertTrue(reasons.get("broken_after.png").contains("cannot be read"));
        assertTrue(reasons.get("cut_after.jpg").contains("cannot be read"), reasons.get("cut_after.jpg"));
        assertTrue(reasons.get("twice_before.png").contains("same name as twice_before.jpg"));
    }

    @Test
    void reportsABeforeFolderWithoutAnAfterFolder() throws IOException {
        TestFiles.writeScene(dir.resolve("before/x.png"), 20, 20);
        Scan scan = PairFolder.scan(dir);
        assertEquals(List.of(), scan.pairs());
        assertEquals(1, scan.problems().size());
        assertTrue(scan.problems().get(0).reason().contains("no 'after' folder"));
    }

    @Test
    void readsAPairScaledAlike() throws IOException, ImageFormatException {
        TestFiles.writeScene(dir.resolve("before/p.png"), 80, 60);
        TestFiles.writeChecker(dir.resolve("after/p.png"), 80, 60, 2);
        ImagePair pair = PairFolder.scan(dir).pairs().get(0);
        try (PairFolder.PairImages images = PairFolder.read(pair, 30)) {
            assertEquals(CvType.CV_32FC3, images.before().type());
            assertEquals(40, images.before().cols());
            assertEquals(30, images.before().rows());
            assertEquals(images.before().size(), images.after().size());
        }
    }

    @Test
    void refusesAMissingFolder() {
        IOException error = assertThrows(IOException.class, () -> PairFolder.scan(dir.resolve("nope")));
        assertTrue(error.getMessage().contains("does not exist"));
    }

    private static List<String> names(Scan scan) {
        return scan.pairs().stream().map(ImagePair::name).toList();
    }
}
