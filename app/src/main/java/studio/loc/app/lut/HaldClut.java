package studio.loc.app.lut;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.opencv.core.CvType;
import org.opencv.core.Mat;
import org.opencv.core.MatOfByte;
import org.opencv.imgcodecs.Imgcodecs;
import org.opencv.imgproc.Imgproc;
import studio.loc.diffusion.image.ImageFormat;
import studio.loc.diffusion.image.MatScope;
import studio.loc.diffusion.image.OpenCv;
import studio.loc.diffusion.image.Picture;
import studio.loc.diffusion.image.PictureWriter;
import studio.loc.diffusion.image.metadata.OutputMetadata;

/**
 * A colour table as a HaldCLUT image (the format of ImageMagick's {@code -hald-clut}, G'MIC, RawTherapee and
 * darktable): a square picture of level^3 × level^3 pixels holding the table's level^2 nodes per side, red fastest,
 * row by row. Written as 16-bit PNG; read from any PNG or TIFF without colour management (its pixels are table
 * values, not a photo).
 */
public final class HaldClut {

    /** Level 8: 64 nodes per side in a 512 × 512 picture, the usual size. */
    public static final int DEFAULT_LEVEL = 8;

    private HaldClut() {
    }

    /** The HaldCLUT level whose table has {@code size} nodes per side, or -1 when none has. */
    public static int levelFor(int size) {
        int level = (int) Math.round(Math.sqrt(size));
        return level * level == size && level >= 2 && level <= 16 ? level : -1;
    }

    public static void write(Path file, LutGrid grid) throws IOException {
        int level = levelFor(grid.size());
        if (level < 0) {
            throw new IllegalArgumentException("a HaldCLUT holds a square number of nodes per side, not "
                    + grid.size());
        }
        int side = level * level * level;
        OpenCv.ensureLoaded();
        Mat rgb = new Mat(side, side, CvType.CV_32FC3);
        rgb.put(0, 0, grid.rgb());
        try (Picture picture = new Picture(rgb, null, 16)) {
            PictureWriter.write(picture, file, ImageFormat.PNG, PictureWriter.DEFAULT_JPEG_QUALITY,
                    OutputMetadata.STRIP);
        }
    }

    public static LutGrid read(Path file) throws LutFileException {
        String name = String.valueOf(file.getFileName());
        byte[] bytes;
        try {
            bytes = Files.readAllBytes(file);
        } catch (IOException e) {
            throw new LutFileException(name + " cannot be read: " + e.getMessage(), e);
        }
        OpenCv.ensureLoaded();
        try (MatScope scope = new MatScope()) {
            Mat decoded = scope.add(Imgcodecs.imdecode(scope.add(new MatOfByte(bytes)),
                    Imgcodecs.IMREAD_ANYDEPTH | Imgcodecs.IMREAD_COLOR));
            if (decoded.empty()) {
                throw new LutFileException(name + " is not a PNG or TIFF picture LoC Studio can decode");
            }
            int side = decoded.cols();
            int level = (int) Math.round(Math.cbrt(side));
            if (decoded.rows() != side || level * level * level != side || level < 2 || level > 16) {
                throw new LutFileException(name + " is " + decoded.cols() + " × " + decoded.rows()
                        + " pixels; a HaldCLUT is a square of level³ pixels per side (512 × 512 for level 8)");
            }
            double scale = CvType.depth(decoded.type()) == CvType.CV_16U ? 1.0 / 65535 : 1.0 / 255;
            Mat rgb = scope.newMat();
            Imgproc.cvtColor(decoded, rgb, Imgproc.COLOR_BGR2RGB);
            Mat values = scope.newMat();
            rgb.convertTo(values, CvType.CV_32F, scale);
            float[] grid = new float[side * side * 3];
            scope.continuous(values).get(0, 0, grid);
            return new LutGrid(level * level, grid);
        }
    }
}
