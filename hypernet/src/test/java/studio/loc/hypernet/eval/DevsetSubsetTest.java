package studio.loc.hypernet.eval;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DevsetSubsetTest {

    @TempDir
    Path tmp;

    @Test
    void theFirstQuadsOfEachEditAreKeptInManifestOrder() throws Exception {
        Files.writeString(tmp.resolve("manifest.csv"), """
                edit,category,k
                sepia,color,0
                sepia,color,1
                sepia,color,2
                blur,detail,0
                blur,detail,1
                """);
        for (String quad : List.of("sepia/0", "sepia/1", "sepia/2", "blur/0", "blur/1")) {
            Path dir = Files.createDirectories(tmp.resolve(quad));
            for (String image : List.of("a.png", "a_edit.png", "b.png", "b_edit.png")) {
                Files.createFile(dir.resolve(image)); // Devset.open checks that the files exist, not what they hold
            }
        }
        Devset set = Devset.open(tmp);

        assertEquals(List.of("sepia/0", "blur/0"), ids(set.firstOfEachEdit(1)));
        assertEquals(List.of("sepia/0", "sepia/1", "blur/0", "blur/1"), ids(set.firstOfEachEdit(2)));
        assertEquals(ids(set), ids(set.firstOfEachEdit(10)));
        assertEquals(tmp, set.firstOfEachEdit(1).folder());
        assertThrows(IllegalArgumentException.class, () -> set.firstOfEachEdit(0));
    }

    private static List<String> ids(Devset set) {
        return set.quads().stream().map(DevsetQuad::id).toList();
    }
}
