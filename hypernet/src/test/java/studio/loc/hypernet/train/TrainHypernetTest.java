package studio.loc.hypernet.train;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDManager;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.opencv.core.Core;
import org.opencv.core.CvType;
import org.opencv.core.Mat;
import org.opencv.imgcodecs.Imgcodecs;
import studio.loc.diffusion.image.OpenCv;
import studio.loc.diffusion.model.LoadedModel;
import studio.loc.diffusion.model.ModelFolder;
import studio.loc.hypernet.net.HypernetLoader;
import studio.loc.hypernet.net.LocHypernetwork;

@ExtendWith(SingleThreadedEngine.class)
class TrainHypernetTest {

    @Test
    void trainsAModelFolderEndToEndAndWritesALoadableModel(@TempDir Path dir) throws Exception {
        OpenCv.ensureLoaded();
        Path model = dir.resolve("model");
        TinyModelFolder.write(model, false);
        Path photos = Files.createDirectories(dir.resolve("photos"));
        for (int i = 0; i < 2; i++) {
            Mat photo = new Mat(40, 48, CvType.CV_8UC3);
            Core.randu(photo, 0, 255);
            Imgcodecs.imwrite(photos.resolve("p" + i + ".png").toString(), photo);
            photo.release();
        }
        Path out = dir.resolve("run");
        TrainHypernet.run(TrainHypernet.parse(new String[] {"--model", model.toString(), "--photos",
                photos.toString(), "--out", out.toString(), "--joint", "1", "--hypernet", "1", "--batch", "1",
                "--log-every", "1"}));
        assertTrue(Files.isRegularFile(out.resolve("checkpoint").resolve(LocTrainer.CHECKPOINT.fileName())));
        try (NDManager m = NDManager.newBaseManager(); LoadedModel trained = ModelFolder.load(out.resolve("model"), m);
             LocHypernetwork h = HypernetLoader.load(trained, m)) {
            float[] up = h.parameters().get("heads.up_8.weight").toFloatArray();
            assertFalse(Arrays.equals(new float[up.length], up), "H must have left its zero start");
            assertEquals("tiny-loc", trained.config().name());
        }
    }

    @Test
    void unknownOrIncompleteArgumentsAreExplained() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> TrainHypernet.parse(new String[] {"--steps", "3"}));
        assertTrue(e.getMessage().contains("--model"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> TrainHypernet.run(TrainHypernet.parse(new String[0])));
    }
}
