package studio.loc.diffusion.pipeline;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.opencv.core.Core;
import org.opencv.core.CvType;
import org.opencv.core.Mat;
import org.opencv.core.Scalar;
import studio.loc.diffusion.codec.IdentityCodec;
import studio.loc.diffusion.colour.Lut3d;
import studio.loc.diffusion.image.OpenCv;
import studio.loc.diffusion.image.Picture;
import studio.loc.diffusion.lora.LoraContext;
import studio.loc.diffusion.pairfit.FittedBlend;
import studio.loc.diffusion.progress.CancellationToken;
import studio.loc.diffusion.progress.ProgressListener;
import studio.loc.diffusion.sample.NoiseSchedule;
import studio.loc.diffusion.sample.SamplingOptions;
import studio.loc.diffusion.testing.OracleDenoiser;

class EditedPictureCheckTest {

    @BeforeAll
    static void loadOpenCv() {
        OpenCv.ensureLoaded();
    }

    @Test
    void aPictureWithANanOrAnInfinityIsRefused() {
        Mat photo = noise(40, 30);
        Mat edited = photo.clone();
        try {
            edited.put(7, 11, 0.5f, Float.NaN, 0.5f);
            UnusableEditException e = assertThrows(UnusableEditException.class,
                    () -> EditedPictureCheck.requireUsable(photo, edited));
            assertTrue(e.getMessage().contains("not numbers"), e.getMessage());
            edited.put(7, 11, 0.5f, Float.POSITIVE_INFINITY, 0.5f);
            assertThrows(UnusableEditException.class, () -> EditedPictureCheck.requireUsable(photo, edited));
        } finally {
            photo.release();
            edited.release();
        }
    }

    @Test
    void aFlatResultIsRefusedUnlessThePhotoWasFlatToo() {
        Mat photo = noise(40, 30);
        Mat black = new Mat(30, 40, CvType.CV_32FC3, Scalar.all(0));
        Mat grey = new Mat(30, 40, CvType.CV_32FC3, Scalar.all(0.5));
        Mat edited = photo.clone();
        try {
            UnusableEditException e = assertThrows(UnusableEditException.class,
                    () -> EditedPictureCheck.requireUsable(photo, black));
            assertTrue(e.getMessage().contains("one flat colour"), e.getMessage());
            // A blank frame edited into another blank frame is a real edit.
            assertDoesNotThrow(() -> EditedPictureCheck.requireUsable(grey, black));
            assertDoesNotThrow(() -> EditedPictureCheck.requireUsable(photo, edited));
        } finally {
            for (Mat m : new Mat[] {photo, black, grey, edited}) {
                m.release();
            }
        }
    }

    @Test
    void theEditPipelineRefusesAChangeThatBlacksOutThePhoto() throws Exception {
        // A colour table sending every colour to black, as a damaged change's fitted part could.
        NoiseSchedule schedule = NoiseSchedule.standard();
        FittedBlend blackout = new FittedBlend(Lut3d.of(2, new float[2 * 2 * 2 * 3]), 1);
        try (Picture photo = Picture.of(noise(90, 60));
             EditPipeline pipeline = new EditPipeline(new IdentityCodec(), new OracleDenoiser(schedule), schedule,
                     64)) {
            EditRequest request = new EditRequest(photo, LoraContext.NONE, new SamplingOptions(2, 1, 1.0, 1.0)).withFitted(blackout);
            UnusableEditException e = assertThrows(UnusableEditException.class,
                    () -> pipeline.edit(request, ProgressListener.NONE, CancellationToken.NEVER));
            assertTrue(e.getMessage().contains("damaged"), e.getMessage());
        }
    }

    private static Mat noise(int width, int height) {
        Mat mat = new Mat(height, width, CvType.CV_32FC3);
        Core.randu(mat, 0, 1);
        return mat;
    }
}
