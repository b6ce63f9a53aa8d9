package studio.loc.app.bench;

import java.time.Instant;
import java.util.Optional;

/** {@code bench fullres}'s results as Markdown (see docs/benchmarks.md). */
public final class FullResReport {

    private FullResReport() {
    }

    public static String toMarkdown(MachineDescription machine, FullResSettings settings, FullResResults results,
                                    Instant date) {
        StringBuilder out = new StringBuilder("# LoC Studio full-resolution benchmark\n\n");
        out.append("Measured ").append(date).append(" by `loc-studio bench fullres`. Times are medians of ")
                .append(settings.repeats()).append(" runs after ").append(settings.warmup())
                .append(" warm-up run(s), in milliseconds; each stage is its own median. `apply` is timed in the "
                        + "process (read the file, edit, write the file; no start-up), FFmpeg and ImageMagick as "
                        + "the commands a user runs (their start-up included).\n\n");
        out.append("## Machine\n\n").append(machine.toMarkdown()).append('\n');
        out.append("## Changes and tools\n\n")
                .append("- model: ").append(results.model()).append('\n')
                .append("- colour-table change: ").append(results.tableChange()).append('\n')
                .append("- model change: ").append(results.modelChange()).append('\n')
                .append("- FFmpeg: ").append(results.ffmpeg()).append(" (`lut3d`, tetrahedral, the table as a ")
                .append(LookExport.CUBE_SIZE).append("³ .cube; JPEG `-q:v 2`, TIFF `rgb48le`)\n")
                .append("- ImageMagick: ").append(results.imageMagick()).append(" (`-hald-clut`, the table as a level-")
                .append(LookExport.HALD_LEVEL).append(" Hald image; JPEG quality 95)\n")
                .append("- the app writes JPEG at quality 95 and TIFF at 16 bits\n\n");
        tableChange(out, results);
        modelChange(out, results);
        return out.toString();
    }

    private static void tableChange(StringBuilder out, FullResResults results) {
        out.append("## A change its colour table carries wholly\n\n");
        MarkdownTable table = new MarkdownTable("photo", "pixels", "read", "preparation", "fitted part", "write",
                "apply", "FFmpeg lut3d", "ImageMagick", "apply / FFmpeg", "apply / ImageMagick", "peak RSS");
        for (FullResResults.Photo p : results.photos()) {
            FullResResults.Stages s = p.table();
            table.row(Numbers.megapixels(p.megapixels()) + " MP " + p.format(), p.width() + "×" + p.height(),
                    Numbers.ms(s.read().medianMs()), Numbers.ms(s.preparation().medianMs()),
                    Numbers.ms(s.fitted().medianMs()), Numbers.ms(s.write().medianMs()),
                    Numbers.ms(s.total().medianMs()), timing(p.ffmpeg()), timing(p.imageMagick()),
                    ratio(s.total(), p.ffmpeg()), ratio(s.total(), p.imageMagick()),
                    Numbers.mib(p.peakResident()) + (p.peakReset() ? "" : " (whole run)"));
        }
        out.append(table).append('\n');
    }

    private static void modelChange(StringBuilder out, FullResResults results) {
        if (results.photos().stream().noneMatch(p -> p.model().isPresent())) {
            return;
        }
        out.append("## A change that needs the model\n\n");
        MarkdownTable table = new MarkdownTable("photo", "read", "preparation", "fitted part", "model", "transfer",
                "write", "apply", "ms per MP");
        for (FullResResults.Photo p : results.photos()) {
            if (p.model().isEmpty()) {
                continue;
            }
            FullResResults.Stages s = p.model().get();
            table.row(Numbers.megapixels(p.megapixels()) + " MP " + p.format(), Numbers.ms(s.read().medianMs()),
                    Numbers.ms(s.preparation().medianMs()), Numbers.ms(s.fitted().medianMs()),
                    Numbers.ms(s.model().medianMs()), Numbers.ms(s.transfer().medianMs()),
                    Numbers.ms(s.write().medianMs()), Numbers.ms(s.total().medianMs()),
                    Numbers.fixed(s.total().medianMs() / (p.width() * (double) p.height() / 1e6), 0));
        }
        out.append(table).append('\n');
    }

    private static String timing(Optional<Timing> timing) {
        return timing.map(t -> Numbers.ms(t.medianMs())).orElse("skipped");
    }

    private static String ratio(Timing app, Optional<Timing> tool) {
        return tool.map(t -> Numbers.ratio(app.ratioTo(t))).orElse("–");
    }
}
