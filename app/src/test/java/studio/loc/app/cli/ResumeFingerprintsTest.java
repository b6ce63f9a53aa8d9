package studio.loc.app.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import studio.loc.diffusion.io.Sha256;

/**
 * The change fingerprints a batch journal records ('apply': the change file's SHA-256; 'edit': the pair's), as the
 * code that wrote existing journals computed them. A resume recognises old outputs only if these stay the same.
 */
class ResumeFingerprintsTest {

    @Test
    void changeAndPairFingerprintsAreTheOnesEarlierJournalsRecorded(@TempDir Path temp) throws IOException {
        Path before = Files.writeString(temp.resolve("before.png"), "before bytes");
        Path after = Files.writeString(temp.resolve("after.png"), "after bytes");
        assertEquals("4f3f9778eb3c6d79754de5ffb8707420e1d3d53db8897bea3f3ba61a260f707c", Sha256.ofFile(before));
        assertEquals("pair:27d1fad8c15bd5cdbb5323affde3577cdbb60ba6cffef6d5421b6b1701f0f2bf",
                EditCommand.pairFingerprint(before, after, "warm"));
    }
}
