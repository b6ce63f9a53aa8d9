package studio.loc.app.cli;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Duration;
import studio.loc.app.batch.BatchCounts;
import studio.loc.app.batch.BatchListener;
import studio.loc.app.batch.BatchReport;
import studio.loc.app.batch.FileResult;

/**
 * Shows a batch on stderr: on a terminal one redrawn line (files done/total, images per second, time left),
 * otherwise one plain line per file for logs; failures always get their own line. Quiet mode shows failures only.
 */
final class ConsoleProgress implements BatchListener {

    private static final int WIDTH = 79;
    private static final long REDRAW_NANOS = 100_000_000L;

    private final PrintWriter err;
    private final boolean bar;
    private final boolean quiet;
    private long lastDraw;
    private boolean lineOpen;
    private BatchCounts latest;
    private String step = "";

    ConsoleProgress(PrintWriter err, boolean interactive, boolean quiet) {
        this.err = err;
        this.bar = interactive && !quiet;
        this.quiet = quiet;
    }

    @Override
    public void batchStarted(int images, int skippedNotImages) {
        if (!quiet) {
            String others = skippedNotImages == 0 ? "" : " (" + plural(skippedNotImages, "other file")
                    + " left alone)";
            err.println(plural(images, "photo") + " to edit" + others + ".");
            err.flush();
        }
    }

    @Override
    public void fileStarted(Path input, int number, int total) {
        step = "";
        if (bar) {
            draw(latest, input, true);
        }
    }

    @Override
    public void fileProgress(Path input, long done, long total) {
        if (bar) {
            step = " (step " + done + "/" + total + ")";
            draw(latest, input, false);
        }
    }

    @Override
    public void fileFinished(FileResult result, BatchCounts counts) {
        latest = counts;
        if (bar) {
            draw(counts, result.input(), counts.finished() == counts.total());
        } else if (!quiet) {
            String what = switch (result.status()) {
                case ALREADY_DONE -> "already done";
                default -> "done";
            };
            err.println("[" + counts.finished() + "/" + counts.total() + "] " + what + ": " + result.input()
                    + " -> " + result.output());
            err.flush();
        }
    }

    @Override
    public void fileFailed(FileResult result, BatchCounts counts) {
        latest = counts;
        clearLine();
        err.println("[" + counts.finished() + "/" + counts.total() + "] FAILED " + result.input() + ": "
                + result.reason());
        err.flush();
    }

    @Override
    public void notice(String message) {
        clearLine(); // shown even when quiet: it is about what the outputs hold
        err.println("Note: " + message);
        err.flush();
    }

    @Override
    public void batchFinished(BatchReport report) {
        clearLine();
    }

    private void draw(BatchCounts counts, Path current, boolean force) {
        long now = System.nanoTime();
        if (!force && now - lastDraw < REDRAW_NANOS) {
            return;
        }
        lastDraw = now;
        StringBuilder line = new StringBuilder();
        if (counts != null) {
            int barWidth = 20;
            int filled = counts.total() == 0 ? barWidth : counts.finished() * barWidth / counts.total();
            line.append('[').append("#".repeat(filled)).append(".".repeat(barWidth - filled)).append("] ")
                    .append(counts.finished()).append('/').append(counts.total());
            if (counts.imagesPerSecond() > 0) {
                line.append(String.format(java.util.Locale.ROOT, "  %.2f img/s", counts.imagesPerSecond()));
            }
            counts.remaining().ifPresent(eta -> line.append("  ETA ").append(format(eta)));
        }
        if (current != null) {
            int room = WIDTH - line.length() - 2 - step.length();
            String name = current.getFileName().toString();
            if (room > 4) {
                line.append("  ").append(name.length() <= room ? name : "…" + name.substring(name.length() - room + 1))
                        .append(step);
            }
        }
        String text = line.length() > WIDTH ? line.substring(0, WIDTH) : line.toString();
        err.print("\r" + text + " ".repeat(WIDTH - text.length()));
        err.flush();
        lineOpen = true;
    }

    private void clearLine() {
        if (lineOpen) {
            err.print("\r" + " ".repeat(WIDTH) + "\r");
            err.flush();
            lineOpen = false;
        }
    }

    static String plural(long count, String noun) {
        return count + " " + noun + (count == 1 ? "" : "s");
    }

    static String format(Duration duration) {
        long seconds = duration.toSeconds();
        return String.format(java.util.Locale.ROOT, "%d:%02d:%02d", seconds / 3600, seconds / 60 % 60, seconds % 60);
    }
}
