package studio.loc.app;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.opencv.core.Core;
import org.opencv.core.CvType;
import org.opencv.core.Mat;
import studio.loc.diffusion.image.ImageFormat;
import studio.loc.diffusion.image.ImageLimits;
import studio.loc.diffusion.image.OpenCv;
import studio.loc.diffusion.image.Picture;
import studio.loc.diffusion.image.PictureReader;
import studio.loc.diffusion.image.PictureWriter;

/**
 * {@code eval} measures the shipped path: its prediction for a quad is the very picture that {@code edit} (learn the
 * change from A → A', apply it to B, as the app does) writes for the same files, pixel for pixel.
 */
class EvalMatchesEditCliTest {

    @TempDir
    Path tmp;

    @Test
    void evalsPredictionIsWhatEditWritesForTheSameQuad() throws Exception {
        Path model = TinyModelFixture.write(tmp.resolve("model"), "tiny-same", 23);
        Path devset = tmp.resolve("devset");
        Files.createDirectories(devset);
        Files.writeString(devset.resolve("manifest.csv"), "edit,category,k\nmirror,stylize,0\n");
        Path quad = devset.resolve("mirror/0");
        // A mirrored noise picture is nothing a filter or colour table fitted on the pair explains: the diffusion
        // model carries (most of) the change, so both paths run the LoRA merge, the sampler and the transfer.
        Path a = noise(quad.resolve("a.png"), 40, 32, 1);
        Path b = noise(quad.resolve("b.png"), 36, 44, 2);
        Path aEdit = mirrored(a, quad.resolve("a_edit.png"));
        mirrored(b, quad.resolve("b_edit.png"));
        CliHarness cli = new CliHarness(tmp);
        cli.engine = LocStudio.installedEngine();

        var eval = cli.run("eval", "--devset", devset.toString(), "--model", model.toString(), "-o",
                tmp.resolve("report").toString());
        assertEquals(0, eval.exitCode(), eval.all());
        Path edited = tmp.resolve("edited.png");
        var edit = cli.run("edit", "--model", model.toString(), "--before", a.toString(), "--after",
                aEdit.toString(), "--query", b.toString(), "-o", edited.toString());
        assertEquals(0, edit.exitCode(), edit.all());

        byte[] fromEval = pixels(tmp.resolve("report/predictions/loc-hypernet/mirror/0/b_pred.png"));
        byte[] fromEdit = pixels(edited);
        assertArrayEquals(fromEdit, fromEval, "eval's prediction is edit's output");
        assertNotEquals(0, difference(fromEdit, pixels(b)), "the change did something to B");
    }

    private static Path noise(Path file, int width, int height, long seed) throws Exception {
        OpenCv.ensureLoaded();
        Files.createDirectories(file.getParent());
        Mat rgb = new Mat(height, width, CvType.CV_32FC3);
        Core.setRNGSeed((int) seed);
        Core.randu(rgb, 0.1, 0.9);
        try (Picture picture = Picture.of(rgb)) {
            PictureWriter.write(picture, file, ImageFormat.PNG, 95);
        }
        return file;
    }

    private static Path mirrored(Path source, Path target) throws Exception {
        try (Picture picture = PictureReader.read(source, ImageLimits.DEFAULT)) {
            Mat flipped = new Mat();
            Core.flip(picture.rgb(), flipped, 1);
            try (Picture out = picture.withRgb(flipped)) {
                PictureWriter.write(out, target, ImageFormat.PNG, 95);
            }
        }
        return target;
    }

    /** The file's 8-bit RGB values. */
    private static byte[] pixels(Path png) throws Exception {
        assertTrue(Files.isRegularFile(png), png + " was written");
        try (Picture picture = PictureReader.read(png, ImageLimits.DEFAULT)) {
            Mat bytes = new Mat();
            picture.rgb().convertTo(bytes, CvType.CV_8U, 255);
            byte[] values = new byte[(int) (bytes.total() * bytes.channels())];
            bytes.get(0, 0, values);
            bytes.release();
            return values;
        }
    }

    private static long difference(byte[] x, byte[] y) {
        long sum = 0;
        for (int i = 0; i < x.length; i++) {
            sum += Math.abs((x[i] & 0xff) - (y[i] & 0xff));
        }
        return sum;
    }
}
