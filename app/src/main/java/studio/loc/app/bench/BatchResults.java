package studio.loc.app.bench;

import java.time.Duration;
import java.util.OptionalLong;

/**
 * What {@link BatchBenchmark} measured (section 4 of the report). Memory values are empty where the system does
 * not report them.
 *
 * @param images photos in the folder
 * @param width the photos' width
 * @param height the photos' height
 * @param firstPass wall time of the first pass over the folder (planning, merging the change, every photo)
 * @param imagesPerSecond photos edited per second in the first pass
 * @param residentBefore resident memory with the engine open, before the batch
 * @param peak the most resident memory during the batch
 * @param peakCoversBatchOnly false when the system could not restart the peak, so it covers the whole process
 * @param residentAfterFirstPass resident memory after the first pass
 * @param edited photos edited in all passes
 * @param passes passes over the folder
 * @param residentAfterAll resident memory after every pass
 */
public record BatchResults(int images, int width, int height, Duration firstPass, double imagesPerSecond,
                           OptionalLong residentBefore, OptionalLong peak, boolean peakCoversBatchOnly,
                           OptionalLong residentAfterFirstPass, int edited, int passes,
                           OptionalLong residentAfterAll) {
}
