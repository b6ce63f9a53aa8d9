package studio.loc.hypernet.train;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import java.util.Objects;
import org.opencv.core.Mat;
import org.opencv.core.Size;
import org.opencv.imgproc.Imgproc;
import studio.loc.diffusion.image.MatScope;
import studio.loc.diffusion.image.Picture;
import studio.loc.diffusion.lora.LoraSet;
import studio.loc.diffusion.lora.PerSampleLoraContext;
import studio.loc.diffusion.pairfit.FittedBlend;
import studio.loc.diffusion.pairfit.PairFitter;
import studio.loc.diffusion.pipeline.EditPipeline;
import studio.loc.diffusion.pipeline.EditRequest;
import studio.loc.diffusion.pipeline.EditResult;
import studio.loc.diffusion.pipeline.PictureTensors;
import studio.loc.diffusion.progress.CancellationToken;
import studio.loc.diffusion.progress.ProgressListener;
import studio.loc.diffusion.sample.SamplingOptions;
import studio.loc.hypernet.eval.EditPredictor;
import studio.loc.hypernet.net.LocHypernetwork;

/**
 * The LoC method as the evaluator sees it: H learns a LoRA from (A, A') in one pass, and the edit pipeline applies
 * it to B (DDIM with the LoRA as a per-sample context, then the full-resolution change transfer). With its fitted
 * part (as the app learns changes), a filter and colour table fitted on (A, A') supply their share of the output as
 * well; without, the diffusion model alone is scored.
 */
public final class HypernetPredictor implements EditPredictor {

    private final LocHypernetwork hypernet;
    private final EditPipeline pipeline;
    private final float strength;
    private final SamplingOptions sampling;
    private final PairFitter pairFitter;

    /** The change as the app learns it: LoRA and fitted part. */
    public HypernetPredictor(LocHypernetwork hypernet, EditPipeline pipeline, float strength,
                             SamplingOptions sampling) {
        this(hypernet, pipeline, strength, sampling, true);
    }

    /**
     * @param pipeline built on the same model's codec and UNet
     * @param strength LoRA strength (1 = the change as learned)
     * @param withFitted whether the change's fitted part is fitted and applied too
     */
    public HypernetPredictor(LocHypernetwork hypernet, EditPipeline pipeline, float strength,
                             SamplingOptions sampling, boolean withFitted) {
        this.hypernet = Objects.requireNonNull(hypernet, "hypernet");
        this.pipeline = Objects.requireNonNull(pipeline, "pipeline");
        this.strength = strength;
        this.sampling = Objects.requireNonNull(sampling, "sampling");
        this.pairFitter = withFitted ? new PairFitter() : null;
    }

    @Override
    public String name() {
        return "loc-hypernet" + (pairFitter == null ? "-alone" : "") + (strength == 1f ? "" : "-s" + strength);
    }

    @Override
    public Mat predict(Mat a, Mat aEdited, Mat b) throws Exception {
        try (NDManager scratch = hypernet.parameters().manager().newSubManager();
             Picture query = Picture.of(b.clone())) {
            NDArray before = toHypernetInput(a, scratch);
            NDArray after = toHypernetInput(aEdited, scratch);
            LoraSet lora = hypernet.forward(before, after);
            EditRequest request = new EditRequest(query, new PerSampleLoraContext(lora, strength), sampling.steps(),
                    sampling.seed(), sampling.guidance(), sampling.startFraction())
                    .withFitted(fittedAt(a, aEdited));
            try (EditResult result = pipeline.edit(request, ProgressListener.NONE, CancellationToken.NEVER)) {
                return result.edited().rgb().clone();
            }
        }
    }

    private FittedBlend fittedAt(Mat a, Mat aEdited) {
        if (pairFitter == null) {
            return FittedBlend.NONE;
        }
        return pairFitter.fit(a, aEdited).map(part -> part.at(strength)).orElse(FittedBlend.NONE);
    }

    /** Area-averaged to H's square input size, as a [1, 3, S, S] tensor. */
    private NDArray toHypernetInput(Mat rgb, NDManager manager) {
        int size = hypernet.config().imageSize();
        try (MatScope scope = new MatScope()) {
            Mat small = scope.newMat();
            Imgproc.resize(rgb, small, new Size(size, size), 0, 0, Imgproc.INTER_AREA);
            return PictureTensors.toTensor(small, manager);
        }
    }
}
