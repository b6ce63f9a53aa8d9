package studio.loc.app.batch;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;
import studio.loc.diffusion.sample.SamplingOptions;
import studio.loc.hypernet.engine.LearnedChange;

/**
 * A batch journal from an earlier run stores settings keys; a resume skips an output only when the key computed now
 * is the same string. The expected values were computed by the code that wrote existing journals, so any change to
 * how keys are hashed or formatted fails here instead of silently redoing (or wrongly keeping) a user's outputs.
 */
class SettingsKeyTest {

    private static final String MODEL = "0f1e2d3c4b5a69788796a5b4c3d2e1f00f1e2d3c4b5a69788796a5b4c3d2e1f0";

    private static BatchRequest.Builder request() {
        LearnedChange change = new LearnedChange("c", "m", Instant.EPOCH, new byte[0], new byte[0], 0, null);
        return BatchRequest.builder(change, "pair:abc", new SamplingOptions(20, 7, 1.5, 1.0))
                .inputs(List.of(Path.of("in"))).outputFolder(Path.of("out"));
    }

    @Test
    void keysAreTheOnesEarlierJournalsRecorded() {
        assertEquals("29ab4af3749d00f7f76557d6f5c960e9", BatchService.settingsKey(MODEL, request().build(), "png"));
        assertEquals("b9df4ac852d7e7b44ae6a76fca0a8d78",
                BatchService.settingsKey(MODEL, request().jpegQuality(80).strength(0.5).build(), "jpeg"));
    }

    @Test
    void everySettingThatDecidesThePixelsChangesTheKey() {
        String key = BatchService.settingsKey(MODEL, request().build(), "jpeg");
        assertNotEquals(key, BatchService.settingsKey(MODEL, request().jpegQuality(80).build(), "jpeg"));
        assertNotEquals(key, BatchService.settingsKey(MODEL.replace('0', '1'), request().build(), "jpeg"));
        assertNotEquals(key, BatchService.settingsKey(MODEL, request().build(), "png"));
        // The JPEG quality does not decide a PNG's pixels, so it must not force a PNG to be redone.
        assertEquals(BatchService.settingsKey(MODEL, request().build(), "png"),
                BatchService.settingsKey(MODEL, request().jpegQuality(80).build(), "png"));
    }
}
