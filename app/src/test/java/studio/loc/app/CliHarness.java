package studio.loc.app;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;
import org.opencv.core.CvType;
import org.opencv.core.Mat;
import studio.loc.app.batch.ImageCodec;
import studio.loc.app.batch.PictureFilesCodec;
import studio.loc.app.cli.CliEnvironment;
import studio.loc.app.model.ModelLocator;
import studio.loc.diffusion.image.ImageFormat;
import studio.loc.diffusion.image.ImageHeader;
import studio.loc.diffusion.image.ImageLimits;
import studio.loc.diffusion.image.OpenCv;
import studio.loc.diffusion.image.Picture;
import studio.loc.diffusion.image.PictureReader;
import studio.loc.diffusion.image.PictureWriter;
import studio.loc.diffusion.progress.CancellationToken;
import studio.loc.hypernet.engine.EngineFactory;

/** Runs {@link LocStudio} in-process with the {@link GainEngine} test double and captures its output. */
final class CliHarness {

    record Result(int exitCode, String out, String err) {
        String all() {
            return out + err;
        }
    }

    final Path root;
    final Path model;
    final GainEngine.Probe probe = new GainEngine.Probe();
    CancellationToken cancel = new CancellationToken();
    ImageCodec codec = new PictureFilesCodec();
    Optional<EngineFactory> engine;
    boolean interactive;

    CliHarness(Path root) throws IOException {
        this.root = root;
        this.model = GainEngine.modelFolder(root.resolve("models"), "tiny-test");
        this.engine = Optional.of(GainEngine.factory(probe));
    }

    Result run(String... args) {
        CliEnvironment environment = new CliEnvironment(() -> engine,
                new ModelLocator(Map.of(), root, List.of()), codec, cancel, interactive);
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int code = new LocStudio(environment).execute(new PrintWriter(out), new PrintWriter(err), args);
        return new Result(code, out.toString(), err.toString());
    }

    /** Runs with {@code --model} pointing at the test model. */
    Result runWithModel(String command, String... args) {
        String[] all = new String[args.length + 3];
        all[0] = command;
        all[1] = "--model";
        all[2] = model.toString();
        System.arraycopy(args, 0, all, 3, args.length);
        return run(all);
    }

    /** A smooth colourful test photo of {@code width} x {@code height}. */
    static Path photo(Path file, int width, int height, int bitDepth, ImageFormat format) throws IOException {
        OpenCv.ensureLoaded();
        Files.createDirectories(file.getParent());
        Mat rgb = new Mat(height, width, CvType.CV_32FC3);
        float[] pixels = new float[width * height * 3];
        for (int y = 0; y < height; y++) {
            for (int x = 0; x < width; x++) {
                int i = (y * width + x) * 3;
                pixels[i] = 0.2f + 0.5f * x / width;
                pixels[i + 1] = 0.3f + 0.4f * y / height;
                pixels[i + 2] = 0.4f;
            }
        }
        rgb.put(0, 0, pixels);
        try (Picture picture = new Picture(rgb, null, bitDepth)) {
            PictureWriter.write(picture, file, format, 95);
        }
        return file;
    }

    static Path photo(Path file, int width, int height) throws IOException {
        return photo(file, width, height, 8, ImageFormat.fromFileName(file.toString()).orElseThrow());
    }

    /** A brighter/warmer copy of {@code before}, as the "after" of an example pair. */
    static Path warmer(Path before, Path after) throws Exception {
        OpenCv.ensureLoaded();
        try (Picture picture = PictureReader.read(before, ImageLimits.DEFAULT)) {
            Mat warm = new Mat();
            org.opencv.core.Core.multiply(picture.rgb(), new org.opencv.core.Scalar(1.3, 1.0, 0.8), warm);
            try (Picture edited = picture.withRgb(warm)) {
                PictureWriter.write(edited, after, ImageFormat.fromFileName(after.toString()).orElseThrow(), 95);
            }
        }
        return after;
    }

    /** A darker, cooler copy of {@code before}: a second, different example edit. */
    static Path darker(Path before, Path after) throws Exception {
        OpenCv.ensureLoaded();
        try (Picture picture = PictureReader.read(before, ImageLimits.DEFAULT)) {
            Mat dark = new Mat();
            org.opencv.core.Core.multiply(picture.rgb(), new org.opencv.core.Scalar(0.5, 0.6, 0.9), dark);
            try (Picture edited = picture.withRgb(dark)) {
                PictureWriter.write(edited, after, ImageFormat.fromFileName(after.toString()).orElseThrow(), 95);
            }
        }
        return after;
    }

    static ImageHeader header(Path file) throws Exception {
        return PictureReader.probe(file);
    }

    static List<Path> filesUnder(Path folder) throws IOException {
        try (Stream<Path> files = Files.walk(folder)) {
            return files.filter(Files::isRegularFile).sorted().toList();
        }
    }
}
