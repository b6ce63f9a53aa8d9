package studio.loc.hypernet.change;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import studio.loc.diffusion.image.Picture;
import studio.loc.diffusion.image.Pictures;
import studio.loc.diffusion.lora.LoraSet;
import studio.loc.diffusion.pairfit.FittedChange;
import studio.loc.diffusion.pairfit.PairFitter;
import studio.loc.diffusion.pipeline.PictureTensors;
import studio.loc.hypernet.net.LocHypernetwork;

/**
 * Learns a change from one before/after pair: both pictures are shrunk (area averaging) to the hypernetwork's
 * size and H emits the LoRA in one forward pass. Non-square pairs are squashed to a square the same way for both
 * images, which keeps the whole picture and the alignment between before and after.
 *
 * <p>The fitted part of the change (a filter, a colour table and a gain map fitted on the pair itself at its full
 * size, and the share of the edit they explain; see {@link PairFitter}) is learned beside the LoRA: the diffusion
 * model at its small working size carries a grade or a blur only approximately, and fitted operations carry them
 * exactly at any resolution.
 */
public final class ChangeLearner {

    /** Longer side of the thumbnails stored in a change file. */
    public static final int THUMBNAIL_SIDE = 96;
    /**
     * Longer side of the copy of the pair that the thumbnails and the hypernetwork's input are made from: a
     * non-square pair is squashed to the hypernetwork's square from it by area averaging along both sides.
     */
    static final int SMALL_COPY_SIDE = 256;

    private final LocHypernetwork hypernet;
    private final BaseModelIdentity model;
    private final PairFitter pairFitter = new PairFitter(false);

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
        // The fit (OpenCV and Java, one thread) runs beside the hypernetwork's pass (PyTorch, one thread), so that on
        // two cores the two overlap. It reads the pair at its full size: a colour table fitted on a shrunk copy is
        // biased (shrinking averages colours the edit maps non-linearly) and a filter's footprint is in pixels.
        CompletableFuture<Optional<FittedChange>> fitted = CompletableFuture.supplyAsync(
                () -> pairFitter.fit(before.rgb(), after.rgb()));
        Change lora;
        try {
            lora = learnLora(before, after, name);
        } catch (RuntimeException | Error e) {
            // Never return while the fit still reads the caller's pictures, which it may close once we return.
            fitted.handle((value, failure) -> null).join();
            throw e;
        }
        try {
            return lora.withFitted(fitted.join());
        } catch (CompletionException e) {
            throw e.getCause() instanceof RuntimeException runtime ? runtime : e;
        }
    }

    /**
     * The LoRA and the thumbnails, from small copies: the pair is shrunk (area averaging) once to
     * {@link #SMALL_COPY_SIDE}, and the thumbnails and the hypernetwork's square input are made from that copy (area
     * averaging twice is as good as once).
     */
    private Change learnLora(Picture before, Picture after, String name) {
        int side = Math.max(SMALL_COPY_SIDE, hypernet.config().imageSize());
        try (Picture smallBefore = Pictures.fitWithin(before, side);
             Picture smallAfter = Pictures.fitWithin(after, side)) {
            return learnLoraShrunk(smallBefore, smallAfter, name);
        }
    }

    private Change learnLoraShrunk(Picture before, Picture after, String name) {
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
