package studio.loc.diffusion.pipeline;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.opencv.core.Core;
import org.opencv.core.CvType;
import org.opencv.core.Mat;
import studio.loc.diffusion.codec.Autoencoder;
import studio.loc.diffusion.codec.AutoencoderConfig;
import studio.loc.diffusion.codec.IdentityCodec;
import studio.loc.diffusion.colour.Lut3d;
import studio.loc.diffusion.image.OpenCv;
import studio.loc.diffusion.image.PackedPixels;
import studio.loc.diffusion.image.Picture;
import studio.loc.diffusion.lora.LoraContext;
import studio.loc.diffusion.model.LoadedModel;
import studio.loc.diffusion.model.ModelConfig;
import studio.loc.diffusion.model.ModelFolder;
import studio.loc.diffusion.model.TinyModels;
import studio.loc.diffusion.nn.ParameterStore;
import studio.loc.diffusion.pairfit.FittedBlend;
import studio.loc.diffusion.pipeline.fullres.BandedFittedPart;
import studio.loc.diffusion.progress.CancellationToken;
import studio.loc.diffusion.progress.CancelledException;
import studio.loc.diffusion.progress.ProgressListener;
import studio.loc.diffusion.sample.NoiseSchedule;
import studio.loc.diffusion.sample.SamplingOptions;
import studio.loc.diffusion.testing.OracleDenoiser;
import studio.loc.diffusion.testing.TinyConvDenoiser;
import studio.loc.diffusion.unet.UNet;
import studio.loc.diffusion.unet.UNetConfig;

class EditPipelineTest {

    private static final NoiseSchedule SCHEDULE = NoiseSchedule.standard();

    @BeforeAll
    static void loadOpenCv() {
        OpenCv.ensureLoaded();
    }

    @Test
    void aDenoiserThatReproducesItsQueryGivesTheFullResolutionPhotoBack() throws Exception {
        try (Picture photo = detailedPhoto(2000, 1500, 3, true, 16);
             EditPipeline pipeline = new EditPipeline(new IdentityCodec(), new OracleDenoiser(SCHEDULE), SCHEDULE,
                     128);
             EditResult result = pipeline.edit(new EditRequest(photo, LoraContext.NONE,
                     new SamplingOptions(8, 1, 1.0, 1.0)),
                     ProgressListener.NONE, CancellationToken.NEVER)) {
            Picture edited = result.edited();
            assertEquals(2000, edited.width());
            assertEquals(1500, edited.height());
            assertEquals(16, edited.bitDepth());
            assertTrue(edited.hasAlpha());
            assertEquals(0, Core.norm(photo.alpha(), edited.alpha(), Core.NORM_INF), "alpha untouched");
            assertEquals(128, result.editedLow().width());
            assertEquals(96, result.editedLow().height());
            double psnr = psnr(photo.rgb(), edited.rgb());
            assertTrue(psnr >= 40, "PSNR " + psnr);
        }
    }

    @Test
    void aFittedChangeMadeAtModelSizeReachesTheFullResolutionPhoto() throws Exception {
        // In [−1, 1] latents x0 = 0.8·q + 0.1, i.e. pixels p' = 0.8·p + 0.15. The sampler and the codec are exact,
        // so this measures what the pipeline's downscale / transfer path loses. Only the conditional branch is
        // used (g = 1): the unconditional "query" of zeros would map to 0.1, not to zeros.
        OracleDenoiser editor = new OracleDenoiser(SCHEDULE, q -> q.mul(0.8f).add(0.1f));
        try (Picture photo = detailedPhoto(2000, 1500, 8, false, 8);
             EditPipeline pipeline = new EditPipeline(new IdentityCodec(), editor, SCHEDULE, 128);
             EditResult result = pipeline.edit(new EditRequest(photo, LoraContext.NONE,
                     new SamplingOptions(6, 2, 1.0, 1.0)),
                     ProgressListener.NONE, CancellationToken.NEVER)) {
            Mat expected = new Mat();
            photo.rgb().convertTo(expected, -1, 0.8, 0.15);
            double psnr = psnr(expected, result.edited().rgb());
            double unchanged = psnr(expected, photo.rgb());
            expected.release();
            assertTrue(psnr >= 40, "PSNR " + psnr + " (the unedited photo scores " + unchanged + ")");
        }
    }

    @Test
    void aChangeItsFittedPartExplainsIsMappedAtFullResolutionWithoutRunningTheModel() throws Exception {
        OracleDenoiser mustNotRun = new OracleDenoiser(SCHEDULE, q -> {
            throw new AssertionError("the model ran for a change its fitted part explains entirely");
        });
        FittedBlend fitted = new FittedBlend(lift(), 1);
        List<String> messages = new ArrayList<>();
        try (Picture photo = detailedPhoto(900, 600, 5, true, 16);
             EditPipeline pipeline = new EditPipeline(new IdentityCodec(), mustNotRun, SCHEDULE, 128);
             EditResult result = pipeline.edit(new EditRequest(photo, LoraContext.NONE,
                     new SamplingOptions(3, 1, 1.0, 1.0))
                     .withFitted(fitted), (done, total, message) -> messages.add(message), CancellationToken.NEVER)) {
            Mat expected = new Mat();
            photo.rgb().convertTo(expected, -1, 0.8, 0.15);
            assertTrue(Core.norm(expected, result.edited().rgb(), Core.NORM_INF) < 1e-5);
            assertEquals(16, result.edited().bitDepth());
            assertEquals(0, Core.norm(photo.alpha(), result.edited().alpha(), Core.NORM_INF), "alpha untouched");
            assertEquals(128, result.editedLow().width());
            assertTrue(messages.contains(EditPipeline.APPLYING_FITTED), messages.toString());
        }
    }

    @Test
    void aPartlyFittedChangeBlendsItsTableIntoTheModelsEdit() throws Exception {
        // The model reproduces its query, the table lifts colours: half of each is p' = 0.9·p + 0.075.
        try (Picture photo = detailedPhoto(600, 400, 6, false, 8);
             EditPipeline pipeline = new EditPipeline(new IdentityCodec(), new OracleDenoiser(SCHEDULE), SCHEDULE,
                     128);
             EditResult result = pipeline.edit(new EditRequest(photo, LoraContext.NONE,
                     new SamplingOptions(4, 1, 1.0, 1.0))
                     .withFitted(new FittedBlend(lift(), 0.5)), ProgressListener.NONE, CancellationToken.NEVER)) {
            Mat expected = new Mat();
            photo.rgb().convertTo(expected, -1, 0.9, 0.075);
            double psnr = psnr(expected, result.edited().rgb());
            double modelAlone = psnr(photo.rgb(), expected);
            assertTrue(psnr >= 40, "PSNR " + psnr + " (the model's edit alone scores " + modelAlone + ")");
        }
    }

    /** The colour table of p' = 0.8·p + 0.15 (a linear map, which a 2^3 table holds exactly). */
    @Test
    void aPhotoStillHeldAsIntegersIsEditedInBoundedBandsWithProgressWithinThePhoto() throws Exception {
        OracleDenoiser mustNotRun = new OracleDenoiser(SCHEDULE, q -> {
            throw new AssertionError("the model ran for a change its fitted part explains entirely");
        });
        int width = 1200;
        int height = 9000; // 10.8 MP: several bands of at most MAX_BAND_PIXELS
        Mat bgr = new Mat(height, width, CvType.CV_8UC3);
        Core.setRNGSeed(11);
        Core.randu(bgr, 0, 256);
        FittedBlend fitted = new FittedBlend(lift(), 1);
        List<long[]> reports = new ArrayList<>();
        ProgressListener progress = (done, total, message) -> reports.add(new long[] {done, total});
        try (Picture photo = Picture.packed(bgr, 8);
             EditPipeline pipeline = new EditPipeline(new IdentityCodec(), mustNotRun, SCHEDULE, 128);
             EditResult result = pipeline.edit(new EditRequest(photo, LoraContext.NONE,
                     new SamplingOptions(3, 1, 1.0, 1.0)).withFitted(fitted), progress, CancellationToken.NEVER)) {
            int bandRows = BandedFittedPart.bandRows(width);
            assertTrue((long) bandRows * width <= BandedFittedPart.MAX_BAND_PIXELS, "a band is bounded");
            long bands = (height + bandRows - 1) / bandRows;
            assertTrue(bands >= 5, bands + " bands");
            assertEquals(bands + 1, reports.size(), "progress at the start and after every band");
            for (long[] report : reports) {
                assertEquals(bands, report[1]);
            }
            assertEquals(bands, reports.getLast()[0]);
            assertTrue(photo.isPacked() && result.edited().isPacked(),
                    "neither the photo nor its edit was turned into a full-size float copy");
            // Bit for bit what the whole-frame float path gives after the writers' rounding.
            try (Picture floats = photo.copy()) {
                Mat expected = new Mat();
                PackedPixels.toPackedBgr(fitted.apply(floats.rgb()), 8, expected);
                assertEquals(0, Core.norm(expected, result.edited().packedBgr(), Core.NORM_INF));
                expected.release();
            }
        }
    }

    private static Lut3d lift() {
        float[] nodes = Lut3d.identity(2).nodes();
        for (int i = 0; i < nodes.length; i++) {
            nodes[i] = nodes[i] * 0.8f + 0.15f;
        }
        return Lut3d.of(2, nodes);
    }

    @Test
    void cancellingMidwayThrowsAfterTheStepsReportedSoFar() {
        try (Picture photo = detailedPhoto(90, 70, 4, false, 8);
             EditPipeline pipeline = new EditPipeline(new IdentityCodec(), new OracleDenoiser(SCHEDULE), SCHEDULE,
                     32)) {
            CancellationToken token = new CancellationToken();
            List<Long> seen = new ArrayList<>();
            ProgressListener listener = (done, total, message) -> {
                seen.add(done);
                assertEquals(10, total);
                if (done == 4) {
                    token.cancel();
                }
            };
            assertThrows(CancelledException.class, () -> pipeline.edit(
                    new EditRequest(photo, LoraContext.NONE, new SamplingOptions(10, 1, 2.0, 1.0)), listener, token));
            assertEquals(List.of(1L, 2L, 3L, 4L), seen);
        }
    }

    @Test
    void theSeedDecidesTheResult() throws Exception {
        try (NDManager m = NDManager.newBaseManager(); ParameterStore store = new ParameterStore(m, 5);
             Picture photo = detailedPhoto(120, 90, 5, false, 8);
             EditPipeline pipeline = new EditPipeline(new IdentityCodec(), new TinyConvDenoiser(store, 3, 8),
                     SCHEDULE, 32)) {
            float[] a = editedPixels(pipeline, photo, 7);
            float[] b = editedPixels(pipeline, photo, 7);
            float[] c = editedPixels(pipeline, photo, 8);
            assertArrayEquals(a, b);
            assertFalse(java.util.Arrays.equals(a, c));
        }
    }

    @Test
    void oddSizesAreScaledPaddedAndCroppedBackWithTheRealCodecAndUNet() throws Exception {
        try (NDManager m = NDManager.newBaseManager();
             ParameterStore codecStore = new ParameterStore(m, 1);
             ParameterStore unetStore = new ParameterStore(m, 2);
             Picture photo = detailedPhoto(101, 37, 6, true, 8)) {
            Autoencoder codec = new Autoencoder(AutoencoderConfig.tiny(), codecStore);
            UNet unet = new UNet(UNetConfig.tiny(), unetStore);
            int codecArrays = codecStore.manager().getManagedArrays().size();
            int unetArrays = unetStore.manager().getManagedArrays().size();
            try (EditPipeline pipeline = new EditPipeline(codec, unet, SCHEDULE, 40)) {
                for (int i = 0; i < 2; i++) {
                    try (EditResult result = pipeline.edit(new EditRequest(photo, LoraContext.NONE,
                            new SamplingOptions(2, i, 1.5, 1.0)),
                            ProgressListener.NONE, CancellationToken.NEVER)) {
                        assertEquals(101, result.edited().width());
                        assertEquals(37, result.edited().height());
                        assertTrue(result.edited().hasAlpha());
                        assertEquals(40, result.editedLow().width());
                        assertEquals(15, result.editedLow().height());
                    }
                }
            }
            assertEquals(codecArrays, codecStore.manager().getManagedArrays().size(), "codec store leaked");
            assertEquals(unetArrays, unetStore.manager().getManagedArrays().size(), "UNet store leaked");
        }
    }

    @Test
    void aSavedModelFolderEditsWithItsOwnDefaults(@org.junit.jupiter.api.io.TempDir java.nio.file.Path dir)
            throws Exception {
        ModelConfig config = TinyModels.config();
        try (NDManager m = NDManager.newBaseManager(); ParameterStore codecStore = new ParameterStore(m, 1);
             ParameterStore unetStore = new ParameterStore(m, 2)) {
            ModelFolder.save(dir, config, new Autoencoder(config.codec(), codecStore),
                    new UNet(config.unet(), unetStore), null, studio.loc.diffusion.tensor.DType.F32);
        }
        try (NDManager m = NDManager.newBaseManager(); LoadedModel model = ModelFolder.load(dir, m);
             EditPipeline pipeline = EditPipeline.forModel(model);
             Picture photo = detailedPhoto(50, 30, 3, false, 8)) {
            List<Long> totals = new ArrayList<>();
            try (EditResult result = pipeline.edit(
                    new EditRequest(photo, LoraContext.NONE, config.sampler().sampling()),
                    (done, total, message) -> totals.add(total), CancellationToken.NEVER)) {
                assertEquals(config.imageSize(), pipeline.imageSize());
                assertEquals(config.imageSize(), result.editedLow().width());
                assertEquals(50, result.edited().width());
                assertEquals((long) config.sampler().steps(), totals.getFirst());
            }
        }
    }

    @Test
    void workingSizeKeepsTheAspectAndPadsToTheMultiple() {
        assertEquals(new WorkingSize(128, 96, 128, 96), WorkingSize.of(2000, 1500, 128, 16));
        assertEquals(new WorkingSize(40, 15, 40, 16), WorkingSize.of(101, 37, 40, 8));
        assertEquals(new WorkingSize(1, 64, 8, 64), WorkingSize.of(3, 4000, 64, 8));
    }

    @Test
    void pictureTensorsRoundTrip() {
        try (NDManager m = NDManager.newBaseManager(); Picture photo = detailedPhoto(7, 5, 9, false, 8)) {
            NDArray t = PictureTensors.toTensor(photo.rgb(), m);
            assertEquals(new Shape(1, 3, 5, 7), t.getShape());
            float[] rgb = new float[3];
            photo.rgb().get(2, 4, rgb);
            assertEquals(rgb[1] * 2 - 1, t.getFloat(0, 1, 2, 4), 1e-6);
            Mat back = PictureTensors.toMat(t);
            assertEquals(0, Core.norm(photo.rgb(), back, Core.NORM_INF), 1e-6);
            back.release();
        }
    }

    private static float[] editedPixels(EditPipeline pipeline, Picture photo, long seed) throws CancelledException {
        try (EditResult result = pipeline.edit(new EditRequest(photo, LoraContext.NONE,
                new SamplingOptions(4, seed, 1.0, 1.0)),
                ProgressListener.NONE, CancellationToken.NEVER)) {
            Mat rgb = result.edited().rgb();
            float[] values = new float[rgb.rows() * rgb.cols() * 3];
            rgb.get(0, 0, values);
            return values;
        }
    }

    /** Smooth shading, fine texture, hard edges and sensor-like noise, in [0.02, 0.98]. */
    static Picture detailedPhoto(int width, int height, long seed, boolean alpha, int bitDepth) {
        Random random = new Random(seed);
        float[] values = new float[width * height * 3];
        float[] alphaValues = new float[width * height];
        for (int y = 0; y < height; y++) {
            for (int x = 0; x < width; x++) {
                boolean inside = x > width / 3 && x < 2 * width / 3 && y > height / 4 && y < 3 * height / 4;
                for (int c = 0; c < 3; c++) {
                    double v = 0.45 + 0.25 * Math.sin(x / (40.0 + 9 * c)) * Math.cos(y / 55.0)
                            + 0.08 * Math.sin(x * 0.9 + y * (0.5 + 0.2 * c))
                            + (inside ? 0.15 : 0) + 0.03 * random.nextGaussian();
                    values[(y * width + x) * 3 + c] = (float) Math.min(0.98, Math.max(0.02, v));
                }
                alphaValues[y * width + x] = (float) ((x + y) % 7) / 6f;
            }
        }
        Mat rgb = new Mat(height, width, CvType.CV_32FC3);
        rgb.put(0, 0, values);
        Mat a = null;
        if (alpha) {
            a = new Mat(height, width, CvType.CV_32FC1);
            a.put(0, 0, alphaValues);
        }
        return new Picture(rgb, a, bitDepth);
    }

    static double psnr(Mat a, Mat b) {
        double l2 = Core.norm(a, b, Core.NORM_L2);
        double mse = l2 * l2 / ((double) a.rows() * a.cols() * a.channels());
        return 10 * Math.log10(1.0 / mse);
    }
}
