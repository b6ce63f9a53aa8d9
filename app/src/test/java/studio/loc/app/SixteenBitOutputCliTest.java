package studio.loc.app;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import java.nio.file.Path;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import studio.loc.diffusion.image.ImageFormat;
import studio.loc.diffusion.image.ImageLimits;
import studio.loc.diffusion.image.Picture;
import studio.loc.diffusion.image.PictureReader;

/** 16-bit photos stay 16-bit where the output format holds it, and the user is told once where it does not. */
class SixteenBitOutputCliTest {

    private static final String NOTE = "Note: 16-bit photos are written as 8-bit";

    @TempDir
    Path tmp;

    CliHarness cli;
    Path change;

    @BeforeEach
    void aChangeAndTwoSixteenBitPhotos() throws Exception {
        cli = new CliHarness(tmp);
        Path before = CliHarness.photo(tmp.resolve("pair/before.png"), 32, 32);
        Path after = CliHarness.warmer(before, tmp.resolve("pair/after.png"));
        change = tmp.resolve("warm.loc.safetensors");
        assertEquals(0, cli.runWithModel("learn", "--before", before.toString(), "--after", after.toString(), "-o",
                change.toString()).exitCode());
        CliHarness.photo(tmp.resolve("in/a.tif"), 24, 16, 16, ImageFormat.TIFF);
        CliHarness.photo(tmp.resolve("in/b.tif"), 24, 16, 16, ImageFormat.TIFF);
    }

    @Test
    void anEightBitFormatIsNamedOncePerBatch() {
        var result = cli.runWithModel("apply", "--change", change.toString(), "--format", "jpeg",
                tmp.resolve("in").toString(), "-o", tmp.resolve("out-jpeg").toString());
        assertEquals(0, result.exitCode(), result.all());
        assertEquals(1, result.err().split(NOTE, -1).length - 1, "told once: " + result.err());
    }

    @Test
    void sixteenBitFormatsKeepTheDepthWithoutANote() throws Exception {
        for (String format : new String[] {"png", "tiff"}) {
            Path out = tmp.resolve("out-" + format);
            var result = cli.runWithModel("apply", "--change", change.toString(), "--format", format,
                    tmp.resolve("in").toString(), "-o", out.toString());
            assertEquals(0, result.exitCode(), result.all());
            assertFalse(result.err().contains(NOTE), result.err());
            String extension = format.equals("png") ? "png" : "tif";
            try (Picture written = PictureReader.read(out.resolve("a." + extension), ImageLimits.DEFAULT)) {
                assertEquals(16, written.bitDepth(), format + " keeps 16 bits");
            }
        }
    }
}
