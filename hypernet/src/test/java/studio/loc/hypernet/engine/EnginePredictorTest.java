package studio.loc.hypernet.engine;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDArray;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.opencv.core.Core;
import org.opencv.core.CvType;
import org.opencv.core.Mat;
import studio.loc.diffusion.image.OpenCv;
import studio.loc.diffusion.image.Picture;
import studio.loc.diffusion.lora.LoraContext;
import studio.loc.diffusion.pipeline.EditPipeline;
import studio.loc.diffusion.pipeline.EditRequest;
import studio.loc.diffusion.pipeline.EditResult;
import studio.loc.diffusion.progress.CancellationToken;
import studio.loc.diffusion.progress.ProgressListener;
import studio.loc.diffusion.sample.SamplingOptions;
import studio.loc.hypernet.net.LocHypernetwork;
import studio.loc.hypernet.train.SingleThreadedEngine;
import studio.loc.hypernet.train.TinyModelFolder;

@ExtendWith(SingleThreadedEngine.class)
class EnginePredictorTest {

    private static final SamplingOptions SAMPLING = new SamplingOptions(2, 5, 1.0, 1.0);

    private static Mat random(int rows, int cols, double low, double high) {
        Mat rgb = new Mat(rows, cols, CvType.CV_32FC3);
        Core.randu(rgb, low, high);
        return rgb;
    }

    @Test
    void appliesTheLearnedChangeThroughTheEngineAtTheQuerysSize(@TempDir Path dir) throws Exception {
        OpenCv.ensureLoaded();
        Mat a = random(24, 24, 0.2, 0.8);
        Mat aEdited = random(24, 24, 0, 0.5);
        Mat b = random(20, 28, 0, 1);
        TinyModelFolder.write(dir, true);
        try (LocChangeEngine engine = LocChangeEngine.open(dir)) {
            EnginePredictor predictor = new EnginePredictor(engine, 1, SAMPLING, false, CancellationToken.NEVER);
            Mat predicted = predictor.predict(a, aEdited, b);
            assertEquals(b.rows(), predicted.rows());
            assertEquals(b.cols(), predicted.cols());
            assertEquals(CvType.CV_32FC3, predicted.type());
            float[] withLora = pixels(predicted);
            float[] without = pixels(plainEdit(engine, b));
            assertTrue(maxDifference(withLora, without) > 1e-4, "the learned LoRA must change the edit");

            // With silent up heads H emits a zero LoRA, and the prediction is exactly the plain edit.
            LocHypernetwork h = engine.networks().hypernet();
            for (String name : h.parameters().names()) {
                if (name.startsWith("heads.up_")) {
                    NDArray p = h.parameters().get(name);
                    p.set(new float[Math.toIntExact(p.size())]);
                }
            }
            assertArrayEquals(without, pixels(predictor.predict(a, aEdited, b)), 1e-5f);
            assertEquals("loc-hypernet-alone", predictor.name());
        } finally {
            a.release();
            aEdited.release();
            b.release();
        }
    }

    @Test
    void withItsFittedPartAColourChangeCarriesOverExactlyAsTheAppLearnsIt(@TempDir Path dir) throws Exception {
        OpenCv.ensureLoaded();
        Mat a = random(32, 32, 0, 1);
        Mat b = random(20, 28, 0, 1);
        Mat aEdited = new Mat();
        Mat bEdited = new Mat();
        a.convertTo(aEdited, -1, 0.7, 0.2);
        b.convertTo(bEdited, -1, 0.7, 0.2);
        TinyModelFolder.write(dir, true);
        try (LocChangeEngine engine = LocChangeEngine.open(dir)) {
            EnginePredictor app = new EnginePredictor(engine, 1, SAMPLING, true, CancellationToken.NEVER);
            EnginePredictor alone = new EnginePredictor(engine, 1, SAMPLING, false, CancellationToken.NEVER);
            float[] truth = pixels(bEdited.clone());
            double withFitted = maxDifference(pixels(app.predict(a, aEdited, b)), truth);
            double modelAlone = maxDifference(pixels(alone.predict(a, aEdited, b)), truth);
            // The tiny model knows nothing; the colour table fitted on the pair carries the edit by itself.
            assertTrue(withFitted < 0.01 && modelAlone > 0.1, withFitted + " against " + modelAlone);
            assertEquals("loc-hypernet", app.name());
            assertEquals("loc-hypernet-s0.5", new EnginePredictor(engine, 0.5, SAMPLING, true,
                    CancellationToken.NEVER).name());
            assertThrows(IllegalArgumentException.class, () -> new EnginePredictor(engine, 2.5, SAMPLING, true,
                    CancellationToken.NEVER));
        } finally {
            a.release();
            aEdited.release();
            b.release();
            bEdited.release();
        }
    }

    private static Mat plainEdit(LocChangeEngine engine, Mat b) throws Exception {
        try (EditPipeline pipeline = EditPipeline.forModel(engine.networks().model());
             Picture query = Picture.of(b.clone());
             EditResult result = pipeline.edit(new EditRequest(query, LoraContext.NONE, SAMPLING),
                     ProgressListener.NONE, CancellationToken.NEVER)) {
            return result.edited().rgb().clone();
        }
    }

    private static float[] pixels(Mat rgb) {
        float[] values = new float[rgb.rows() * rgb.cols() * 3];
        rgb.get(0, 0, values);
        rgb.release();
        return values;
    }

    private static double maxDifference(float[] x, float[] y) {
        double max = 0;
        for (int i = 0; i < x.length; i++) {
            max = Math.max(max, Math.abs(x[i] - y[i]));
        }
        return max;
    }
}
