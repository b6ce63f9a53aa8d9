package studio.loc.app.bench;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.OptionalLong;
import studio.loc.diffusion.image.ImageFormat;
import studio.loc.diffusion.image.ImageFormatException;
import studio.loc.diffusion.image.ImageLimits;
import studio.loc.diffusion.image.Picture;
import studio.loc.diffusion.image.PictureReader;
import studio.loc.diffusion.image.PictureWriter;
import studio.loc.diffusion.lora.LoraContext;
import studio.loc.diffusion.lora.LoraMerger;
import studio.loc.diffusion.lora.LoraShapeException;
import studio.loc.diffusion.model.LoadedModel;
import studio.loc.diffusion.model.ModelFolder;
import studio.loc.diffusion.model.ModelFormatException;
import studio.loc.diffusion.pairfit.FittedBlend;
import studio.loc.diffusion.pipeline.EditPipeline;
import studio.loc.diffusion.pipeline.EditRequest;
import studio.loc.diffusion.pipeline.EditResult;
import studio.loc.diffusion.pipeline.EditTimings;
import studio.loc.diffusion.progress.CancellationToken;
import studio.loc.diffusion.progress.CancelledException;
import studio.loc.diffusion.progress.ProgressListener;
import studio.loc.diffusion.sample.SamplingOptions;
import studio.loc.hypernet.change.Change;
import studio.loc.hypernet.engine.EngineException;
import studio.loc.hypernet.engine.LocChangeEngine;
import studio.loc.hypernet.engine.OpenedModel;

/**
 * {@code apply} at full resolution, stage by stage: photo files of several sizes (JPEG and 16-bit TIFF) read,
 * edited by the pipeline and written, for a change its colour table carries wholly and for one that needs the
 * model; and in the same run FFmpeg's {@code lut3d} and ImageMagick's {@code -hald-clut} on the same files with
 * the same table, exported for them by {@link LookExport}. Tools that are not installed are skipped.
 */
public final class FullResBenchmark {

    /** The pixel limit of the bench's own reads: its largest photo is 400 MP. */
    private static final ImageLimits LIMITS = new ImageLimits(400_000_000L);
    /** Size of the example pairs the two changes are learned from. */
    private static final double PAIR_MEGAPIXELS = 1;

    private final FullResSettings settings;
    private final CancellationToken cancel;
    private final PrintWriter log;

    public FullResBenchmark(FullResSettings settings, CancellationToken cancel, PrintWriter log) {
        this.settings = settings;
        this.cancel = cancel;
        this.log = log;
    }

    /**
     * @param folder the model folder
     * @param work where the photos, the exported tables and the outputs are written
     */
    public FullResResults run(Path folder, Path work) throws EngineException, ModelFormatException, IOException,
            CancelledException {
        Optional<ExternalTool> ffmpeg = ExternalTool.ffmpeg(settings.ffmpeg());
        Optional<ExternalTool> magick = ExternalTool.imageMagick(settings.imageMagick());
        String ffmpegNote = ffmpeg.map(ExternalTool::version).orElse("not installed (" + settings.ffmpeg()
                + " does not run): comparison skipped");
        String magickNote = magick.map(ExternalTool::version).orElse("not installed ("
                + (settings.imageMagick() == null ? "neither magick nor convert is ImageMagick"
                        : settings.imageMagick() + " is not ImageMagick") + "): comparison skipped");
        ffmpeg.ifPresentOrElse(t -> log("Comparing with " + ffmpegNote), () -> log("FFmpeg " + ffmpegNote));
        magick.ifPresentOrElse(t -> log("Comparing with " + magickNote), () -> log("ImageMagick " + magickNote));
        Files.createDirectories(work);
        try (LocChangeEngine engine = LocChangeEngine.open(folder)) {
            OpenedModel opened = engine.networks();
            Changes changes = learn(engine);
            SamplingOptions sampling = engine.model().defaults();
            Path cube = LookExport.writeCube(changes.table().table(), work.resolve("look.cube"));
            Path hald = LookExport.writeHald(changes.table().table(), work.resolve("look-hald.png"));
            List<FullResResults.Photo> photos = new ArrayList<>();
            try (LoadedModel merged = ModelFolder.load(folder, opened.root());
                 LoraMerger merger = new LoraMerger(merged.unet().parameters());
                 ai.djl.ndarray.NDManager loraMemory = opened.root().newSubManager()) {
                merge(merger, changes.model().toLoraSet(loraMemory));
                try (EditPipeline pipeline = EditPipeline.forModel(merged)) {
                    Apply apply = new Apply(pipeline, sampling, changes);
                    for (double megapixels : settings.megapixels()) {
                        for (ImageFormat format : List.of(ImageFormat.JPEG, ImageFormat.TIFF)) {
                            photos.add(photo(apply, megapixels, format, work, ffmpeg, magick, cube, hald));
                        }
                    }
                }
            }
            return new FullResResults(opened.describe(), changes.tableNote(), changes.modelNote(), photos,
                    ffmpegNote, magickNote);
        }
    }

    /** The two changes: a toned warm grade (its table alone), and the grade with a woven texture (the model's work). */
    private record Changes(FittedBlend table, Change model, FittedBlend modelFitted) {

        String tableNote() {
            return "a warm grade with a tone curve learned from a " + Numbers.megapixels(PAIR_MEGAPIXELS)
                    + "-MP pair, its "
                    + table.table().size() + "³ colour table alone (share 1: no model)";
        }

        String modelNote() {
            return "the grade with a fine woven texture learned from a " + Numbers.megapixels(PAIR_MEGAPIXELS)
                    + "-MP pair: the model runs, its fitted part supplies "
                    + Numbers.fixed(modelFitted.share() * 100, 0) + " %";
        }
    }

    private Changes learn(LocChangeEngine engine) throws EngineException, CancelledException {
        int[] size = SyntheticPhotos.size(PAIR_MEGAPIXELS);
        log("Learning the two changes from " + size[0] + "x" + size[1] + " pairs");
        try (Picture before = SyntheticPhotos.photo(size[0], size[1], 1);
             Picture graded = SyntheticPhotos.toned(before);
             Picture textured = SyntheticPhotos.gradedWithTexture(before)) {
            Change grade = (Change) engine.learn(before, graded, "grade", ProgressListener.NONE, cancel).payload();
            Change texture = (Change) engine.learn(before, textured, "texture", ProgressListener.NONE, cancel)
                    .payload();
            // The grade's table alone, so that FFmpeg and ImageMagick run exactly the look the app runs.
            FittedBlend table = new FittedBlend(grade.fittedAt(1).table(), 1);
            return new Changes(table, texture, texture.fittedAt(1));
        }
    }

    private static void merge(LoraMerger merger, studio.loc.diffusion.lora.LoraSet lora) {
        try {
            merger.merge(lora, 1f);
        } catch (LoraShapeException e) {
            throw new IllegalStateException("the model's own hypernetwork made a LoRA its UNet does not fit", e);
        }
    }

    private FullResResults.Photo photo(Apply apply, double megapixels, ImageFormat format, Path work,
                                       Optional<ExternalTool> ffmpeg, Optional<ExternalTool> magick, Path cube,
                                       Path hald) throws IOException, CancelledException {
        int[] size = SyntheticPhotos.size(megapixels);
        boolean tiff = format == ImageFormat.TIFF;
        String label = tiff ? "TIFF 16-bit" : "JPEG";
        Path input = work.resolve(String.format(Locale.ROOT, "photo-%smp.%s", Numbers.megapixels(megapixels),
                format.extension()));
        log(String.format(Locale.ROOT, "%s MP %s (%dx%d): writing the photo", Numbers.megapixels(megapixels), label,
                size[0], size[1]));
        try (Picture photo = SyntheticPhotos.photo(size[0], size[1], 7)) {
            try (Picture written = tiff ? new Picture(photo.rgb().clone(), null, 16) : photo.copy()) {
                PictureWriter.write(written, input, format, PictureWriter.DEFAULT_JPEG_QUALITY);
            }
        }
        Path output = work.resolve("out-app." + format.extension());
        boolean reset = ProcessMemory.resetPeak();
        log("      the colour-table change, " + settings.repeats() + " runs");
        FullResResults.Stages table = apply.stages(input, output, format, apply.changes.table());
        Optional<FullResResults.Stages> model = Optional.empty();
        if (settings.withModel()) {
            log("      the model's change, " + settings.repeats() + " runs");
            model = Optional.of(apply.stages(input, output, format, apply.changes.modelFitted()));
        }
        OptionalLong peak = ProcessMemory.peak();
        Optional<Timing> ffmpegTime = Optional.empty();
        if (ffmpeg.isPresent()) {
            log("      FFmpeg lut3d, " + settings.repeats() + " runs");
            List<String> args = new ArrayList<>(List.of("-hide_banner", "-loglevel", "error", "-y", "-i",
                    input.toString(), "-vf", "lut3d=file=" + cube + ":interp=tetrahedral"));
            args.addAll(tiff ? List.of("-pix_fmt", "rgb48le") : List.of("-q:v", "2"));
            args.add(work.resolve("out-ffmpeg." + format.extension()).toString());
            ffmpegTime = Optional.of(timeTool(ffmpeg.get(), args));
        }
        Optional<Timing> magickTime = Optional.empty();
        if (magick.isPresent()) {
            log("      ImageMagick -hald-clut, " + settings.repeats() + " runs");
            List<String> args = new ArrayList<>(List.of(input.toString(), hald.toString(), "-hald-clut"));
            if (!tiff) {
                args.addAll(List.of("-quality", "" + PictureWriter.DEFAULT_JPEG_QUALITY));
            }
            args.add(work.resolve("out-magick." + format.extension()).toString());
            magickTime = Optional.of(timeTool(magick.get(), args));
        }
        long bytes = Files.size(input);
        Files.deleteIfExists(input);
        return new FullResResults.Photo(megapixels, size[0], size[1], label, bytes, table, model, ffmpegTime,
                magickTime, peak, reset);
    }

    private Timing timeTool(ExternalTool tool, List<String> args) throws IOException, CancelledException {
        long[] nanos = new long[settings.repeats()];
        for (int run = -settings.warmup(); run < settings.repeats(); run++) {
            cancel.throwIfCancelled();
            long elapsed = tool.time(args);
            if (run >= 0) {
                nanos[run] = elapsed;
            }
        }
        return Timing.ofNanos(nanos);
    }

    /** One change applied to one photo file as {@code apply} does it, timed stage by stage. */
    private final class Apply {
        private final EditPipeline pipeline;
        private final SamplingOptions sampling;
        private final Changes changes;

        Apply(EditPipeline pipeline, SamplingOptions sampling, Changes changes) {
            this.pipeline = pipeline;
            this.sampling = sampling;
            this.changes = changes;
        }

        FullResResults.Stages stages(Path input, Path output, ImageFormat format, FittedBlend fitted)
                throws IOException, CancelledException {
            int n = settings.repeats();
            long[][] nanos = new long[7][n];
            for (int run = -settings.warmup(); run < n; run++) {
                cancel.throwIfCancelled();
                long[] one = once(input, output, format, fitted);
                if (run >= 0) {
                    for (int s = 0; s < one.length; s++) {
                        nanos[s][run] = one[s];
                    }
                }
            }
            return new FullResResults.Stages(Timing.ofNanos(nanos[0]), Timing.ofNanos(nanos[1]),
                    Timing.ofNanos(nanos[2]), Timing.ofNanos(nanos[3]), Timing.ofNanos(nanos[4]),
                    Timing.ofNanos(nanos[5]), Timing.ofNanos(nanos[6]));
        }

        /** Read, preparation, fitted, model, transfer, write and total, in nanoseconds. */
        private long[] once(Path input, Path output, ImageFormat format, FittedBlend fitted)
                throws IOException, CancelledException {
            long start = System.nanoTime();
            try (Picture query = read(input)) {
                long read = System.nanoTime() - start;
                EditTimings stages;
                long writeStart;
                try (EditResult result = pipeline.edit(new EditRequest(query, LoraContext.NONE, sampling, fitted),
                        ProgressListener.NONE, cancel)) {
                    stages = result.timings();
                    writeStart = System.nanoTime();
                    PictureWriter.write(result.edited(), output, format, PictureWriter.DEFAULT_JPEG_QUALITY);
                }
                long end = System.nanoTime();
                return new long[] {read, stages.preparation(), stages.fitted(), stages.model(), stages.transfer(),
                    end - writeStart, end - start};
            }
        }

        private Picture read(Path input) throws IOException {
            try {
                return PictureReader.read(input, LIMITS);
            } catch (ImageFormatException e) {
                throw new IOException(e.getMessage(), e);
            }
        }
    }

    private void log(String line) {
        log.println(line);
        log.flush();
    }
}
