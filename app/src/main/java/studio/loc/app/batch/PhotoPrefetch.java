package studio.loc.app.batch;

import java.io.IOException;
import java.nio.file.Path;
import java.util.OptionalLong;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import studio.loc.diffusion.image.Picture;

/**
 * Reads the batch's next photo on a thread of its own while the current one is edited and written, so decoding
 * (one core for a JPEG) overlaps the edit instead of waiting for it. At most one photo is read ahead, and only
 * one small enough ({@link #MAX_AHEAD_PIXELS}): a read-ahead 400-MP photo would double the batch's memory.
 */
final class PhotoPrefetch implements AutoCloseable {

    /** Largest photo read ahead: 50 MP is 150 MB as 8-bit integers, 300 MB as 16-bit. */
    static final long MAX_AHEAD_PIXELS = 50_000_000L;

    /** A photo read (with the stamp of the file it was read from), or why it could not be. */
    record Loaded(InputStamp stamp, Picture picture, IOException stampFailure, UnreadableImageException unreadable,
                  RuntimeException failure) implements AutoCloseable {

        @Override
        public void close() {
            if (picture != null) {
                picture.close();
            }
        }
    }

    private final ImageCodec codec;
    private final long maxPixels;
    private final ExecutorService reader = Executors.newSingleThreadExecutor(task -> {
        Thread thread = new Thread(task, "loc-batch-read-ahead");
        thread.setDaemon(true);
        return thread;
    });
    private Path aheadFile;
    private Future<Loaded> ahead;

    PhotoPrefetch(ImageCodec codec, long maxPixels) {
        this.codec = codec;
        this.maxPixels = maxPixels;
    }

    /** Starts reading {@code file} in the background, when it is small enough to be read ahead. */
    void readAhead(Path file) {
        discard();
        OptionalLong pixels = codec.pixels(file);
        if (pixels.isEmpty() || pixels.getAsLong() > MAX_AHEAD_PIXELS) {
            return;
        }
        aheadFile = file;
        ahead = reader.submit(() -> load(codec, file, maxPixels));
    }

    /** {@code file}'s photo: the one read ahead if it is that file, else read now. The caller closes it. */
    Loaded take(Path file) throws InterruptedException {
        if (ahead != null && file.equals(aheadFile)) {
            Future<Loaded> pending = ahead;
            ahead = null;
            aheadFile = null;
            try {
                return pending.get();
            } catch (ExecutionException e) {
                return new Loaded(null, null, null, null, new IllegalStateException(e.getCause()));
            }
        }
        discard();
        return load(codec, file, maxPixels);
    }

    private static Loaded load(ImageCodec codec, Path file, long maxPixels) {
        InputStamp stamp;
        try {
            stamp = InputStamp.of(file);
        } catch (IOException e) {
            return new Loaded(null, null, e, null, null);
        }
        try {
            return new Loaded(stamp, codec.read(file, maxPixels), null, null, null);
        } catch (UnreadableImageException e) {
            return new Loaded(stamp, null, null, e, null);
        } catch (RuntimeException e) {
            return new Loaded(stamp, null, null, null, e);
        }
    }

    /** Drops a photo read ahead that will not be used (closing its pixels once its read has ended). */
    private void discard() {
        if (ahead == null) {
            return;
        }
        Future<Loaded> pending = ahead;
        ahead = null;
        aheadFile = null;
        try {
            pending.get().close();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (ExecutionException e) {
            // nothing was read, so nothing is left to close
        }
    }

    @Override
    public void close() {
        discard();
        reader.shutdownNow();
    }
}
