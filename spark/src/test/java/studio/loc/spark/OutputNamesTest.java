package studio.loc.spark;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import org.junit.jupiter.api.Test;

class OutputNamesTest {

    @Test
    void keepingFormatsKeepsTheRelativePaths() {
        assertEquals(List.of("a/x.jpg", "a/x.png", "b/y.TIF"), OutputNames.of(List.of("a/x.jpg", "a/x.png",
                "b/y.TIF"), null));
    }

    @Test
    void aForcedFormatRenamesAndSeparatesPhotosThatWouldShareAnOutput() {
        assertEquals(List.of("a/x_jpg.png", "a/x_png.png", "b/y.png"),
                OutputNames.of(List.of("a/x.jpg", "a/x.png", "b/y.tif"), "png"));
        assertEquals(List.of("a_jpg.jpg", "a_png.jpg", "a_png-2.jpg"),
                OutputNames.of(List.of("a.jpg", "a.png", "a_png.jpg"), "jpeg"),
                "a name that is taken already gets a number");
    }

    @Test
    void namesThatDifferOnlyInLetterCaseGetNumbers() {
        assertEquals(List.of("A.png", "a-2.png"), OutputNames.of(List.of("A.png", "a.png"), null));
    }

    @Test
    void theOutputFormatIsTheForcedOneOrTheNamesOwn() {
        assertEquals("jpeg", OutputNames.formatOf("x/y.JPG", null));
        assertEquals("tiff", OutputNames.formatOf("x/y.png", "tiff"));
    }
}
