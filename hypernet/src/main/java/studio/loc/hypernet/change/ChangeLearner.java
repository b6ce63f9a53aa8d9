package studio.loc.hypernet.change;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import java.util.Objects;
import studio.loc.diffusion.image.Picture;
import studio.loc.diffusion.image.Pictures;
import studio.loc.diffusion.lora.LoraSet;
import studio.loc.diffusion.pipeline.PictureTensors;
import studio.loc.hypernet.net.LocHypernetwork;

/**
 * Learns a change from one before/after pair: both pictures are shrunk (area averaging) to the hypernetwork's
 * size and H emits the LoRA in one forward pass. Non-square pairs are squashed to a square the same way for both
 * images, which keeps the whole picture and the alignment between before and after.
 */
public final class ChangeLearner {

    /** Longer side of the thumbnails stored in a change file. */
    public static final int THUMBNAIL_SIDE = 96;

    private final LocHypernetwork hypernet;
    private final BaseModelIdentity model;

    public ChangeLearner(LocHypernetwork hypernet, BaseModelIdentity model) {
        this.hypernet = Objects.requireNonNull(hypernet, "hypernet");
        this.model = Objects.requireNonNull(model, "model");
        if (!hypernet.slots().equals(model.slots())) {
            throw new IllegalArgumentException("the hypernetwork was built for other LoRA slots than model \""
                    + model.name() + "\" has");
        }
    }

    /** The change that turns {@code before} into {@code after}, named {@code name}, at default strength 1. */
    public Change learn(Picture before, Picture after, String name) {
        int size = hypernet.config().imageSize();
        byte[] beforeThumbnail = Pictures.thumbnailPng(before, THUMBNAIL_SIDE);
        byte[] afterThumbnail = Pictures.thumbnailPng(after, THUMBNAIL_SIDE);
        try (NDManager scratch = hypernet.parameters().manager().newSubManager();
             Picture smallBefore = Pictures.resize(before, size, size);
             Picture smallAfter = Pictures.resize(after, size, size)) {
            NDArray a = PictureTensors.toTensor(smallBefore.rgb(), scratch);
            NDArray b = PictureTensors.toTensor(smallAfter.rgb(), scratch);
            LoraSet lora = hypernet.forward(a, b);
            return Change.fromLoraSet(lora, name, model, 1f, ChangeSource.PAIR, beforeThumbnail, afterThumbnail);
        }
    }
}
