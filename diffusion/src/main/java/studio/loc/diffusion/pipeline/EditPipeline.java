package studio.loc.diffusion.pipeline;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import java.util.Objects;
import org.opencv.core.Core;
import org.opencv.core.Mat;
import org.opencv.core.Rect;
import org.opencv.core.Size;
import org.opencv.imgproc.Imgproc;
import studio.loc.diffusion.codec.LatentCodec;
import studio.loc.diffusion.image.MatScope;
import studio.loc.diffusion.image.OpenCv;
import studio.loc.diffusion.image.PackedPixels;
import studio.loc.diffusion.image.Picture;
import studio.loc.diffusion.image.Pictures;
import studio.loc.diffusion.model.LoadedModel;
import studio.loc.diffusion.model.ModelConfig;
import studio.loc.diffusion.pairfit.FittedBlend;
import studio.loc.diffusion.pipeline.fullres.BandedFittedPart;
import studio.loc.diffusion.pipeline.fullres.ChangeTransfer;
import studio.loc.diffusion.progress.CancellationToken;
import studio.loc.diffusion.progress.CancelledException;
import studio.loc.diffusion.progress.ProgressListener;
import studio.loc.diffusion.sample.DdimSampler;
import studio.loc.diffusion.sample.NoiseSchedule;
import studio.loc.diffusion.unet.Denoiser;

/**
 * Edits one picture with G: downscale to the model's size, encode, sample conditioned on the query latent, decode,
 * and carry the change (not the pixels) back to the query's native resolution; then blend in the change's fitted part
 * (a filter and colour table fitted on the example pair, run at full resolution) by its share, or run that part
 * alone, without G, when it explains the whole change. Headless and reusable: the GUI, the CLI, batch jobs and tests
 * all call {@link #edit}. Each edit runs in its own child manager, closed when it ends,
 * so thousands of edits leave no native memory behind.
 *
 * <p>The pipeline does not own the codec or the denoiser (their parameters belong to the model); closing it frees
 * only its own manager.
 */
public final class EditPipeline implements AutoCloseable {

    /** The progress message while a change's fitted part alone edits the query. */
    public static final String APPLYING_FITTED = "Applying the fitted filter and colour table";

    /** Padding multiple in latent pixels: enough for the UNet's downsampling levels. */
    public static final int DEFAULT_LATENT_MULTIPLE = 4;

    private final LatentCodec codec;
    private final DdimSampler sampler;
    private final int imageSize;
    private final int pixelMultiple;
    private final ChangeTransfer transfer;
    private final NDManager manager;

    public EditPipeline(LatentCodec codec, Denoiser denoiser, NoiseSchedule schedule, int imageSize) {
        this(codec, denoiser, schedule, imageSize, ChangeTransfer.standard());
    }

    public EditPipeline(LatentCodec codec, Denoiser denoiser, NoiseSchedule schedule, int imageSize,
                        ChangeTransfer transfer) {
        this(codec, denoiser, schedule, imageSize, transfer, DEFAULT_LATENT_MULTIPLE);
    }

    /**
     * @param imageSize the longer side, in pixels, the model works at
     * @param latentMultiple latent sides are padded to a multiple of this (≥ the UNet's total downscale)
     */
    public EditPipeline(LatentCodec codec, Denoiser denoiser, NoiseSchedule schedule, int imageSize,
                        ChangeTransfer transfer, int latentMultiple) {
        this.codec = Objects.requireNonNull(codec, "codec");
        this.sampler = new DdimSampler(denoiser, schedule);
        if (imageSize < 1 || latentMultiple < 1) {
            throw new IllegalArgumentException("image size and latent multiple must be positive");
        }
        this.imageSize = imageSize;
        this.pixelMultiple = codec.factor() * latentMultiple;
        this.transfer = Objects.requireNonNull(transfer, "transfer");
        OpenCv.ensureLoaded();
        this.manager = NDManager.newBaseManager();
    }

    /**
     * The pipeline for a loaded model folder: its codec, UNet, image size and training noise schedule (the model
     * stays the caller's; close it after the pipeline).
     */
    public static EditPipeline forModel(LoadedModel model) {
        ModelConfig config = model.config();
        NoiseSchedule schedule = config.sampler().noiseSchedule();
        return new EditPipeline(model.codec(), model.unet(), schedule, config.imageSize(), ChangeTransfer.standard(),
                Math.max(DEFAULT_LATENT_MULTIPLE, config.unet().downscale()));
    }

    public int imageSize() {
        return imageSize;
    }

    /**
     * Edits {@code request.query()} (which stays the caller's).
     *
     * @throws CancelledException when {@code cancel} fires (checked before every denoising step and before the
     *                            full-resolution transfer); nothing is returned or left allocated
     * @throws UnusableEditException when the edited picture holds values that are not finite or is one flat colour
     *                               where the photo had detail (a damaged or absurd change); nothing is returned
     */
    public EditResult edit(EditRequest request, ProgressListener progress, CancellationToken cancel)
            throws CancelledException {
        StageClock clock = new StageClock();
        Picture query = request.query();
        WorkingSize size = WorkingSize.of(query.width(), query.height(), imageSize, pixelMultiple);
        EditResult result;
        boolean banded = request.fitted().replacesModel() && query.isPacked() && request.fitted().appliesInBands();
        try (MatScope scope = new MatScope()) {
            Size working = new Size(size.width(), size.height());
            Mat queryLow = scope.add(banded ? lowFromPacked(query, working) : Pictures.resample(query.rgb(), working));
            clock.preparation = clock.lap();
            if (banded) {
                result = fittedInBands(request, queryLow, clock, progress, cancel);
            } else {
                result = request.fitted().replacesModel()
                        ? fittedOnly(request, queryLow, clock, progress, cancel)
                        : withModel(request, queryLow, size, clock, progress, cancel);
            }
        }
        try {
            EditedPictureCheck.requireUsable(query, result.edited());
        } catch (UnusableEditException e) {
            result.close();
            throw e;
        }
        return result;
    }

    /**
     * The whole change is its fitted part: no diffusion, the filter and the colour table run on the query at its
     * full resolution.
     */
    private EditResult fittedOnly(EditRequest request, Mat queryLow, StageClock clock, ProgressListener progress,
                                  CancellationToken cancel) throws CancelledException {
        cancel.throwIfCancelled();
        progress.onProgress(0, 1, APPLYING_FITTED);
        FittedBlend fitted = request.fitted();
        Picture query = request.query();
        Picture edited = query.withRgb(fitted.apply(query.rgb()));
        Picture low = new Picture(fitted.apply(queryLow), null, query.bitDepth());
        clock.fitted = clock.lap();
        progress.onProgress(1, 1, APPLYING_FITTED);
        return clock.result(edited, low);
    }

    /**
     * The whole change is its fitted part and the photo is still the file's integers: the fitted part runs on them
     * in bands ({@link BandedFittedPart}), both cores at once, with progress per band and no float copy of the
     * photo; the result is the float path's after the writers' rounding, bit for bit.
     */
    private EditResult fittedInBands(EditRequest request, Mat queryLow, StageClock clock, ProgressListener progress,
                                     CancellationToken cancel) throws CancelledException {
        cancel.throwIfCancelled();
        FittedBlend fitted = request.fitted();
        Picture query = request.query();
        Mat out = BandedFittedPart.apply(fitted, query.packedBgr(), query.bitDepth(), progress, APPLYING_FITTED,
                cancel);
        Picture edited = query.withPacked(out);
        Picture low = new Picture(fitted.apply(queryLow), null, query.bitDepth());
        clock.fitted = clock.lap();
        return clock.result(edited, low);
    }

    /**
     * The working-size copy of a packed photo, for the preview only: every few pixels sampled down to four times
     * the working size, then area-averaged there, and turned into floats — a tenth of the cost of averaging every
     * pixel of a large photo, and the photo itself is never converted whole.
     */
    private static Mat lowFromPacked(Picture query, Size working) {
        try (MatScope scope = new MatScope()) {
            Mat source = query.packedBgr();
            Size sampled = new Size(Math.min(source.cols(), 4 * working.width),
                    Math.min(source.rows(), 4 * working.height));
            Mat coarse = source;
            if (sampled.width < source.cols() || sampled.height < source.rows()) {
                coarse = scope.newMat();
                Imgproc.resize(source, coarse, sampled, 0, 0, Imgproc.INTER_NEAREST);
            }
            Mat small = scope.newMat();
            Imgproc.resize(coarse, small, working, 0, 0, Imgproc.INTER_AREA);
            return PackedPixels.toFloatRgb(small, query.bitDepth());
        }
    }

    private EditResult withModel(EditRequest request, Mat queryLow, WorkingSize size, StageClock clock,
                                 ProgressListener progress, CancellationToken cancel) throws CancelledException {
        Picture query = request.query();
        try (MatScope scope = new MatScope()) {
            LowResolution low = editAtWorkingSize(queryLow, size, request, progress, cancel);
            Mat editedLow = scope.add(low.edited());
            Mat reconstructedLow = scope.add(low.reconstructed());
            clock.model = clock.lap();
            cancel.throwIfCancelled();
            int steps = sampler.timesteps(request.sampling().steps(), request.sampling().startFraction()).length;
            progress.onProgress(steps, steps, "Carrying the edit to full resolution");
            // The change is measured against the codec's own reconstruction of the query, not the query itself:
            // what the codec loses (fine detail, slight colour shifts) is then in both images and cancels out,
            // so only the edit travels to full resolution.
            Mat full = scope.add(transfer.transfer(query.rgb(), reconstructedLow, editedLow));
            clock.transfer = clock.lap();
            if (!request.fitted().isNone()) {
                full = scope.add(request.fitted().blend(query.rgb(), full));
                editedLow = scope.add(request.fitted().blend(queryLow, editedLow));
            }
            clock.fitted = clock.lap();
            Picture edited = query.withRgb(full);
            scope.keep(full);
            Picture lowPicture = new Picture(editedLow, null, query.bitDepth());
            scope.keep(editedLow);
            return clock.result(edited, lowPicture);
        }
    }

    /** Wall time per stage of one edit, as {@link EditTimings} reports it. */
    private static final class StageClock {
        private final long started = System.nanoTime();
        private long last = started;
        private long preparation;
        private long fitted;
        private long model;
        private long transfer;

        /** Nanoseconds since the previous lap (or the start). */
        long lap() {
            long now = System.nanoTime();
            long elapsed = now - last;
            last = now;
            return elapsed;
        }

        EditResult result(Picture edited, Picture low) {
            long now = System.nanoTime();
            return new EditResult(edited, low, (now - started) / 1_000_000,
                    new EditTimings(preparation, fitted, model, transfer));
        }
    }

    /** The edited query and the codec's reconstruction of the unedited query, both at working size. */
    private record LowResolution(Mat edited, Mat reconstructed) {
    }

    private LowResolution editAtWorkingSize(Mat queryLow, WorkingSize size, EditRequest request, ProgressListener progress,
                                              CancellationToken cancel) throws CancelledException {
        try (MatScope scope = new MatScope(); NDManager edit = manager.newSubManager()) {
            Mat padded = scope.addUnlessSame(pad(queryLow, size), queryLow);
            NDArray image = PictureTensors.toTensor(padded, edit);
            NDArray queryLatent = codec.encode(image);
            queryLatent.attach(edit);
            NDArray latent = sampler.sample(queryLatent, request.sampling(), request.lora(), progress, cancel);
            NDArray decoded = codec.decode(latent);
            decoded.attach(edit);
            NDArray reconstructed = codec.decode(queryLatent);
            reconstructed.attach(edit);
            return new LowResolution(cropToWorkingSize(PictureTensors.toMat(decoded), size),
                    cropToWorkingSize(PictureTensors.toMat(reconstructed), size));
        }
    }

    /** Drops the mirror padding again (releases {@code padded} when it has to copy). */
    private static Mat cropToWorkingSize(Mat padded, WorkingSize size) {
        if (padded.cols() == size.width() && padded.rows() == size.height()) {
            return padded;
        }
        try (MatScope scope = new MatScope()) {
            scope.add(padded);
            return scope.add(padded.submat(new Rect(0, 0, size.width(), size.height()))).clone();
        }
    }

    /** Mirror padding to the right and bottom: continues the image so the codec sees no artificial edge. */
    private static Mat pad(Mat image, WorkingSize size) {
        int right = size.paddedWidth() - size.width();
        int bottom = size.paddedHeight() - size.height();
        if (right == 0 && bottom == 0) {
            return image;
        }
        boolean reflectable = right < image.cols() && bottom < image.rows();
        Mat padded = new Mat();
        Core.copyMakeBorder(image, padded, 0, bottom, 0, right,
                reflectable ? Core.BORDER_REFLECT_101 : Core.BORDER_REPLICATE);
        return padded;
    }

    @Override
    public void close() {
        manager.close();
    }
}
