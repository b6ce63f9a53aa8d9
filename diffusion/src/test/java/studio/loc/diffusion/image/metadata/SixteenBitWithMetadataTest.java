package studio.loc.diffusion.image.metadata;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Path;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.opencv.core.CvType;
import org.opencv.core.Mat;
import studio.loc.diffusion.image.ImageFormat;
import studio.loc.diffusion.image.ImageLimits;
import studio.loc.diffusion.image.OpenCv;
import studio.loc.diffusion.image.Picture;
import studio.loc.diffusion.image.PictureReader;
import studio.loc.diffusion.image.PictureWriter;

/** Embedding metadata leaves the pixels' depth alone: 16 bits in PNG and TIFF, 8 where the format has no more. */
class SixteenBitWithMetadataTest {

    @TempDir
    Path dir;

    @BeforeAll
    static void load() {
        OpenCv.ensureLoaded();
    }

    @ParameterizedTest
    @EnumSource(ImageFormat.class)
    void sixteenBitsStayWhereTheFormatHoldsThemWithMetadataEmbedded(ImageFormat format) throws Exception {
        Path output = dir.resolve("deep." + format.extension());
        PhotoMetadata metadata = new PhotoMetadata(null, null, null, null);
        Mat rgb = new Mat(12, 16, CvType.CV_32FC3, new org.opencv.core.Scalar(0.1234, 0.5678, 0.9012));
        try (Picture picture = new Picture(rgb, null, 16, metadata)) {
            PictureWriter.write(picture, output, format, 95, OutputMetadata.keep("applied change deep at strength 1"));
        }
        try (Picture back = PictureReader.read(output, ImageLimits.DEFAULT)) {
            assertEquals(format.supports16Bit() ? 16 : 8, back.bitDepth(), format.toString());
            boolean holdsXmp = format != ImageFormat.BMP;
            assertEquals(holdsXmp, back.metadata().xmp() != null && back.metadata().xmp().contains("LoC Studio"),
                    format + " carries the history: " + back.metadata());
            if (format.supports16Bit()) {
                float[] value = new float[3];
                back.rgb().get(5, 5, value);
                assertEquals(0.1234f, value[0], 1f / 65535);
            }
        }
    }

}
