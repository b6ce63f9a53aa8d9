package studio.loc.diffusion.io;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class Sha256Test {

    /** FIPS 180-2's example digests, so the hex is the standard one (lower case, no separators). */
    private static final String ABC = "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad";
    private static final String EMPTY = "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855";

    @Test
    void textDigestsAreTheStandardOnes() {
        assertEquals(ABC, Sha256.ofText("abc"));
        assertEquals(EMPTY, Sha256.ofText(""));
        // UTF-8, not the platform charset: a fingerprint must not depend on the machine.
        assertEquals("fe263064ba02eaeac482aaf1309553779bdb78e385cb1374654de293e191d785", Sha256.ofText("grün"));
    }

    @Test
    void aFileHasTheDigestOfItsBytes(@TempDir Path temp) throws IOException {
        Path file = temp.resolve("abc.bin");
        Files.writeString(file, "abc");
        assertEquals(ABC, Sha256.ofFile(file));
        // Larger than any read buffer, so the streaming path is exercised across several reads.
        byte[] big = new byte[300_000];
        for (int i = 0; i < big.length; i++) {
            big[i] = (byte) (i * 31);
        }
        Files.write(file, big);
        assertEquals("c12fb0010fbd782b0ffcb958d34a9cd29f9c42692ff2f8361f3379ddd0790932", Sha256.ofFile(file));
    }
}
