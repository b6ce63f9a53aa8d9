package studio.loc.hypernet.learn;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import java.io.IOException;
import org.opencv.core.Mat;
import org.opencv.core.Size;
import org.opencv.imgproc.Imgproc;
import studio.loc.diffusion.image.Picture;
import studio.loc.diffusion.image.Pictures;
import studio.loc.diffusion.lora.LoraSet;
import studio.loc.diffusion.model.LoadedModel;
import studio.loc.diffusion.model.ModelFormatException;
import studio.loc.diffusion.pipeline.PictureTensors;
import studio.loc.hypernet.change.BaseModelIdentity;
import studio.loc.hypernet.change.Change;
import studio.loc.hypernet.change.ChangeSource;
import studio.loc.hypernet.net.HypernetLoader;
import studio.loc.hypernet.net.LocHypernetwork;

/**
 * Learns a change from one before/after pair: one hypernetwork pass, no optimisation. This is the headless API the
 * GUI, the CLI and the evaluation all call.
 */
public final class ChangeLearner implements AutoCloseable {

    /** Longest side of the thumbnails stored in a change file. */
    public static final int THUMBNAIL_SIDE = 96;

    private final LocHypernetwork hypernet;
    private final BaseModelIdentity model;

    public ChangeLearner(LocHypernetwork hypernet, BaseModelIdentity model) {
        this.hypernet = hypernet;
        this.model = model;
    }

    /** The model folder's trained hypernetwork, ready to learn changes for that model. */
    public static ChangeLearner load(LoadedModel model) throws ModelFormatException, IOException {
        return new ChangeLearner(HypernetLoader.load(model, model.manager()), BaseModelIdentity.of(model));
    }

    public BaseModelIdentity model() {
        return model;
    }

    /**
     * @param before the example before the edit (any size; it is resized to H's input size)
     * @param after the same photo after the edit
     * @param name what to call the change
     */
    public Change learn(Picture before, Picture after, String name) {
        int side = hypernet.config().imageSize();
        try (NDManager scratch = hypernet.parameters().manager().newSubManager()) {
            NDArray a = squareTensor(before, side, scratch);
            NDArray b = squareTensor(after, side, scratch);
            LoraSet lora = hypernet.forward(a, b);
            return Change.fromLoraSet(lora, 0, name, model, 1f, ChangeSource.PAIR,
                    Pictures.thumbnailPng(before, THUMBNAIL_SIDE), Pictures.thumbnailPng(after, THUMBNAIL_SIDE));
        }
    }

    /**
     * The whole picture squeezed to side × side: H reads global statistics of the edit, and cropping would throw
     * away parts of the example the user chose on purpose.
     */
    private static NDArray squareTensor(Picture picture, int side, NDManager manager) {
        Mat small = new Mat();
        try {
            Imgproc.resize(picture.rgb(), small, new Size(side, side), 0, 0, Imgproc.INTER_AREA);
            return PictureTensors.toTensor(small, manager);
        } finally {
            small.release();
        }
    }

    @Override
    public void close() {
        hypernet.close();
    }
}
