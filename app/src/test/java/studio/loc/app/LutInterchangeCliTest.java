package studio.loc.app;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.opencv.core.Mat;
import studio.loc.diffusion.image.ImageFormat;
import studio.loc.diffusion.image.ImageLimits;
import studio.loc.diffusion.image.OpenCv;
import studio.loc.diffusion.image.Picture;
import studio.loc.diffusion.image.PictureReader;
import studio.loc.diffusion.image.PictureWriter;
import studio.loc.hypernet.eval.ImageMetrics;

/**
 * Looks traded with real consumers, on a real photo (samples/images/query-1.jpg): a .cube written by a small
 * independent formula (not by LoC Studio) becomes a change with {@code learn --lut} whose {@code apply} output is
 * within 0.5 dB of FFmpeg's {@code lut3d} on the same file (both scored against the formula itself); and a change's
 * table exported with {@code export-lut} gives, through FFmpeg's {@code lut3d} (.cube) and ImageMagick's
 * {@code -hald-clut} (HaldCLUT), the app's own output within 0.5 dB.
 */
class LutInterchangeCliTest {

    private static final Path PHOTO = Path.of("..", "samples", "images", "query-1.jpg");
    /** ImageMagick's own binary, not a stand-in wrapper earlier on the PATH. */
    private static final String CONVERT = "/usr/bin/convert";

    @TempDir
    static Path models;

    static Path model;

    @TempDir
    Path tmp;

    CliHarness cli;
    Path photo;

    @BeforeAll
    static void writeModel() throws Exception {
        model = TinyModelFixture.write(models.resolve("tiny"), "tiny", 11);
    }

    @BeforeEach
    void realEngine() throws Exception {
        cli = new CliHarness(tmp);
        cli.engine = LocStudio.installedEngine();
        OpenCv.ensureLoaded();
        // The JPEG decoded once into a 16-bit PNG, so every tool reads the same pixels and works (and writes) at 16
        // bits: at 8 bits FFmpeg's own rounding (about one level everywhere, 51 dB) would hide the tables' agreement.
        photo = tmp.resolve("photo.png");
        try (Picture picture = PictureReader.read(PHOTO, ImageLimits.DEFAULT);
             Picture sixteen = new Picture(picture.rgb().clone(), null, 16)) {
            PictureWriter.write(sixteen, photo, ImageFormat.PNG, 95);
        }
    }

    /** A film-like grade with cross-channel mixing: the "other tool" that made the look. */
    static float[] grade(float r, float g, float b) {
        float lift = 0.03f;
        float rr = (float) (lift + (1 - lift) * Math.pow(0.85 * r + 0.15 * g, 0.85));
        float gg = (float) (lift + (1 - lift) * Math.pow(0.1 * r + 0.8 * g + 0.1 * b, 1.0));
        float bb = (float) (0.06 + 0.86 * Math.pow(0.2 * g + 0.8 * b, 1.15));
        return new float[] {Math.min(1, rr), Math.min(1, gg), Math.min(1, bb)};
    }

    /** The grade as a .cube file, written here with its own formatting (red fastest, as the format says). */
    private Path independentCube(int size) throws IOException {
        Path file = tmp.resolve("formula-" + size + ".cube");
        try (PrintWriter out = new PrintWriter(Files.newBufferedWriter(file, StandardCharsets.US_ASCII))) {
            out.println("# written by a formula in the test, not by LoC Studio");
            out.println("LUT_3D_SIZE " + size);
            for (int b = 0; b < size; b++) {
                for (int g = 0; g < size; g++) {
                    for (int r = 0; r < size; r++) {
                        float[] c = grade(r / (size - 1f), g / (size - 1f), b / (size - 1f));
                        out.printf(Locale.ROOT, "%.7f %.7f %.7f%n", c[0], c[1], c[2]);
                    }
                }
            }
        }
        return file;
    }

    @Test
    void aCubeFromAnotherToolAppliesAsFfmpegAppliesIt() throws Exception {
        assumeTool("ffmpeg", "-version");
        for (int size : new int[] {33, 65}) {
            Path cube = independentCube(size);
            Path change = tmp.resolve("look-" + size + ".loc.safetensors");
            var learned = run("learn", "--lut", cube.toString(), "-o", change.toString());
            assertEquals(0, learned.exitCode(), learned.all());
            Path ours = tmp.resolve("ours-" + size + ".png");
            var applied = run("apply", "-c", change.toString(), photo.toString(), "-o", ours.toString());
            assertEquals(0, applied.exitCode(), applied.all());
            Path ffmpeg = ffmpegLut3d(cube, "ffmpeg-" + size + ".png");
            Path truth = truth();
            double oursDb = psnr(ours, truth);
            double ffmpegDb = psnr(ffmpeg, truth);
            double agreement = psnr(ours, ffmpeg);
            System.out.printf(Locale.ROOT, "imported %d^3 .cube: app %.2f dB, FFmpeg lut3d %.2f dB against the "
                    + "formula; app vs FFmpeg %.2f dB%n", size, oursDb, ffmpegDb, agreement);
            assertTrue(Math.abs(oursDb - ffmpegDb) <= 0.5 || oursDb > ffmpegDb,
                    size + "^3: app " + oursDb + " dB, FFmpeg " + ffmpegDb + " dB against the formula");
            assertTrue(agreement >= 40, size + "^3: app vs FFmpeg " + agreement + " dB");
        }
    }

    @Test
    void anExportedTableGivesTheAppsOwnResultInFfmpegAndImageMagick() throws Exception {
        assumeTool("ffmpeg", "-version");
        assumeTool(CONVERT, "-version");
        Path graded = tmp.resolve("graded.png");
        Files.copy(truth(), graded);
        Path change = tmp.resolve("graded.loc.safetensors");
        var learned = run("learn", "--before", photo.toString(), "--after", graded.toString(), "-o",
                change.toString());
        assertEquals(0, learned.exitCode(), learned.all());
        assertTrue(learned.out().contains("carries all of it"), "a grade is carried by its table: " + learned.out());
        Path app = tmp.resolve("app.png");
        assertEquals(0, run("apply", "-c", change.toString(), photo.toString(), "-o", app.toString()).exitCode());

        List<String> lines = new ArrayList<>();
        for (String[] variant : new String[][] {{"33", "resolve"}, {"65", "adobe"}}) {
            Path cube = tmp.resolve("export-" + variant[0] + ".cube");
            var exported = cli.run("export-lut", change.toString(), "-o", cube.toString(), "--size", variant[0],
                    "--flavour", variant[1]);
            assertEquals(0, exported.exitCode(), exported.all());
            assertTrue(exported.out().contains("holds all of this change"), exported.out());
            Path viaFfmpeg = ffmpegLut3d(cube, "ffmpeg-export-" + variant[0] + ".png");
            lines.add(compare("FFmpeg lut3d, " + variant[0] + "^3 " + variant[1], viaFfmpeg, app));
        }
        Path hald = tmp.resolve("export-hald.png");
        var exported = cli.run("export-lut", change.toString(), "--hald", "-o", hald.toString());
        assertEquals(0, exported.exitCode(), exported.all());
        Path viaMagick = tmp.resolve("magick.png");
        tool(CONVERT, photo.toString(), hald.toString(), "-hald-clut", viaMagick.toString());
        lines.add(compare("ImageMagick -hald-clut, level 8", viaMagick, app));
        lines.forEach(System.out::println);
    }

    @Test
    void haldClutsFromImageMagickAndFromExportImportAsTheirTables() throws Exception {
        assumeTool(CONVERT, "-version");
        Path identity = tmp.resolve("identity-hald.png");
        tool(CONVERT, "hald:8", "-depth", "16", identity.toString()); // ImageMagick's own identity HaldCLUT
        Path change = tmp.resolve("identity.loc.safetensors");
        var learned = run("learn", "--lut", identity.toString(), "-o", change.toString());
        assertEquals(0, learned.exitCode(), learned.all());
        Path out = tmp.resolve("identity-applied.png");
        assertEquals(0, run("apply", "-c", change.toString(), photo.toString(), "-o", out.toString()).exitCode());
        double unchanged = psnr(out, photo);
        assertTrue(unchanged >= 70, "ImageMagick's identity HaldCLUT leaves the photo as it is: " + unchanged + " dB");

        Path look = tmp.resolve("formula.loc.safetensors");
        assertEquals(0, run("learn", "--lut", independentCube(33).toString(), "-o", look.toString()).exitCode());
        Path hald = tmp.resolve("formula-hald.png");
        assertEquals(0, cli.run("export-lut", look.toString(), "--hald", "-o", hald.toString()).exitCode());
        Path again = tmp.resolve("from-hald.loc.safetensors");
        assertEquals(0, run("learn", "--lut", hald.toString(), "-o", again.toString()).exitCode());
        Path viaCube = tmp.resolve("via-cube.png");
        Path viaHald = tmp.resolve("via-hald.png");
        assertEquals(0, run("apply", "-c", look.toString(), photo.toString(), "-o", viaCube.toString()).exitCode());
        assertEquals(0, run("apply", "-c", again.toString(), photo.toString(), "-o", viaHald.toString()).exitCode());
        double agreement = psnr(viaHald, viaCube);
        System.out.printf(Locale.ROOT, "identity HaldCLUT from ImageMagick: %.2f dB; the look through a HaldCLUT and"
                + " back: %.2f dB%n", unchanged, agreement);
        assertTrue(agreement >= 50, "the look through export-lut --hald and learn --lut: " + agreement + " dB");
    }

    @Test
    void aChangeMakesTheSameVisibleChangeToAWideGamutCopyOfThePhoto() throws Exception {
        assumeTool(CONVERT, "-version");
        assumeTool("exiftool", "-ver");
        Path profile = tmp.resolve("adobe.icc");
        try (var in = getClass().getResourceAsStream("/icc/compatibleWithAdobeRGB1998.icc")) {
            Files.write(profile, in.readAllBytes());
        }
        Path srgbProfile = tmp.resolve("srgb.icc");
        Files.write(srgbProfile, java.awt.color.ICC_Profile.getInstance(java.awt.color.ColorSpace.CS_sRGB).getData());
        Path wide = tmp.resolve("photo-adobe.png"); // the same photo in Adobe RGB, converted by LittleCMS
        tool(CONVERT, photo.toString(), "-profile", srgbProfile.toString(), "-profile", profile.toString(),
                "-depth", "16", wide.toString());
        Path change = tmp.resolve("look.loc.safetensors");
        assertEquals(0, run("learn", "--lut", independentCube(33).toString(), "-o", change.toString()).exitCode());
        Path fromSrgb = tmp.resolve("edited-srgb.png");
        Path fromWide = tmp.resolve("edited-adobe.png");
        assertEquals(0, run("apply", "-c", change.toString(), photo.toString(), "-o", fromSrgb.toString()).exitCode());
        assertEquals(0, run("apply", "-c", change.toString(), wide.toString(), "-o", fromWide.toString()).exitCode());
        String profileOut = tool("exiftool", "-s3", "-ICC_Profile:ProfileDescription", fromWide.toString());
        assertTrue(profileOut.contains("Adobe"), "the wide-gamut edit keeps its profile: " + profileOut);
        Path seen = tmp.resolve("edited-adobe-seen-in-srgb.png");
        tool(CONVERT, fromWide.toString(), "-profile", srgbProfile.toString(), "-depth", "16", "+profile", "*",
                seen.toString());
        double same = psnr(seen, fromSrgb);
        System.out.printf(Locale.ROOT, "the look on the Adobe RGB copy, seen in sRGB, vs on the sRGB photo: %.2f dB%n",
                same);
        assertTrue(same >= 45, "the same visible change on either copy: " + same + " dB");
    }

    /** The consumer's output against the app's: within 0.5 dB of the app's own score, and close to it. */
    private String compare(String consumer, Path theirs, Path app) throws Exception {
        Path truth = truth();
        double appDb = psnr(app, truth);
        double theirDb = psnr(theirs, truth);
        double agreement = psnr(theirs, app);
        assertTrue(Math.abs(appDb - theirDb) <= 0.5, consumer + ": " + theirDb + " dB against the grade, the app "
                + appDb + " dB");
        assertTrue(agreement >= 40, consumer + " vs the app: " + agreement + " dB");
        return String.format(Locale.ROOT, "%s: %.2f dB against the grade (app %.2f dB); vs the app %.2f dB",
                consumer, theirDb, appDb, agreement);
    }

    /** The formula applied to every pixel, in floating point, rounded to 16 bits as the outputs are. */
    private Path truth() throws Exception {
        Path file = tmp.resolve("truth.png");
        if (Files.exists(file)) {
            return file;
        }
        try (Picture picture = PictureReader.read(photo, ImageLimits.DEFAULT)) {
            float[] v = new float[picture.width() * picture.height() * 3];
            picture.rgb().get(0, 0, v);
            for (int i = 0; i < v.length; i += 3) {
                float[] c = grade(v[i], v[i + 1], v[i + 2]);
                System.arraycopy(c, 0, v, i, 3);
            }
            Mat graded = picture.rgb().clone();
            graded.put(0, 0, v);
            try (Picture out = new Picture(graded, null, 16)) {
                PictureWriter.write(out, file, ImageFormat.PNG, 95);
            }
        }
        return file;
    }

    private Path ffmpegLut3d(Path cube, String name) throws Exception {
        Path out = tmp.resolve(name);
        tool("ffmpeg", "-loglevel", "error", "-y", "-i", photo.toString(), "-vf",
                "lut3d=file=" + cube.toString().replace(":", "\\:") + ":interp=trilinear", "-pix_fmt", "rgb48be",
                out.toString());
        return out;
    }

    private static double psnr(Path a, Path b) throws Exception {
        try (Picture x = PictureReader.read(a, ImageLimits.DEFAULT);
             Picture y = PictureReader.read(b, ImageLimits.DEFAULT)) {
            return ImageMetrics.psnr(x.rgb(), y.rgb());
        }
    }

    private CliHarness.Result run(String command, String... args) {
        String[] all = new String[args.length + 3];
        all[0] = command;
        all[1] = "--model";
        all[2] = model.toString();
        System.arraycopy(args, 0, all, 3, args.length);
        return cli.run(all);
    }

    private static void assumeTool(String... command) {
        boolean runs;
        try {
            tool(command);
            runs = true;
        } catch (IOException e) {
            runs = false;
        }
        assumeTrue(runs, command[0] + " is not installed (.ci/run installs it with apt-get)");
    }

    private static String tool(String... command) throws IOException {
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        process.getOutputStream().close();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        try {
            if (!process.waitFor(120, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                throw new IOException(command[0] + " did not finish in 120 s");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException(e);
        }
        if (process.exitValue() != 0) {
            throw new IOException(String.join(" ", command) + " failed: " + output);
        }
        return output;
    }
}
