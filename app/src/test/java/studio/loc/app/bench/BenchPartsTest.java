package studio.loc.app.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.OptionalLong;
import org.junit.jupiter.api.Test;
import studio.loc.diffusion.image.Picture;
import studio.loc.diffusion.pairfit.FittedChange;
import studio.loc.diffusion.pairfit.PairFitter;

/** The small pieces of the benchmarks that do not need a model. */
class BenchPartsTest {

    @Test
    void timingsReportMedianMinAndMaxInMilliseconds() {
        Timing odd = Timing.ofNanos(new long[] {9_000_000, 1_000_000, 5_000_000});
        assertEquals(new Timing(5, 1, 9, 3), odd);
        Timing even = Timing.ofNanos(new long[] {4_000_000, 1_000_000, 2_000_000, 100_000_000});
        assertEquals(3, even.medianMs(), 1e-9, "the outlier does not move the median much");
        assertEquals(2.0, new Timing(10, 1, 20, 1).ratioTo(new Timing(5, 1, 20, 1)), 1e-9);
    }

    @Test
    void procFilesAreParsed() {
        String status = "Name:\tjava\nVmHWM:\t  204800 kB\nVmRSS:\t  102400 kB\n";
        assertEquals(OptionalLong.of(102400L * 1024), ProcessMemory.parseKilobytes(status, "VmRSS"));
        assertEquals(OptionalLong.of(204800L * 1024), ProcessMemory.parseKilobytes(status, "VmHWM"));
        assertTrue(ProcessMemory.parseKilobytes(status, "VmSwap").isEmpty());
        String cpuinfo = "processor\t: 0\nmodel name\t: Test CPU @ 2.0GHz\n"
                + "processor\t: 1\nmodel name\t: Test CPU @ 2.0GHz\n";
        assertEquals("Test CPU @ 2.0GHz", MachineDescription.cpuModel(cpuinfo));
        assertEquals(2, MachineDescription.logicalCpus(cpuinfo));
        assertEquals("unknown", MachineDescription.cpuModel(""));
    }

    @Test
    void theAllocatorIsNamedFromThePreload() {
        assertEquals("jemalloc (LD_PRELOAD=/usr/lib/x86_64-linux-gnu/libjemalloc.so.2)",
                MachineDescription.allocator("/usr/lib/x86_64-linux-gnu/libjemalloc.so.2"));
        assertEquals("the C library's malloc", MachineDescription.allocator(null));
        assertEquals("the C library's malloc", MachineDescription.allocator(""));
        assertEquals("the C library's malloc (LD_PRELOAD=libfoo.so)", MachineDescription.allocator("libfoo.so"));
    }

    @Test
    void photoSizesAreFourByThreeOfTheAskedMegapixels() {
        int[] one = SyntheticPhotos.size(1);
        assertEquals(4.0 / 3, (double) one[0] / one[1], 0.01);
        assertEquals(1e6, (double) one[0] * one[1], 2e3);
        int[] tiny = SyntheticPhotos.size(1e-9);
        assertTrue(tiny[0] >= 2 && tiny[1] >= 2);
    }

    @Test
    void theBatchBenchmarksEditIsOnlyPartlyExplainedByItsFittedPartSoTheModelRunsToo() {
        int[] size = SyntheticPhotos.size(BenchSettings.DEFAULT_PHOTO_MEGAPIXELS); // the batch's photo size
        try (Picture before = SyntheticPhotos.photo(size[0], size[1], 1);
             Picture spot = SyntheticPhotos.gradedWithTexture(before);
             Picture grade = SyntheticPhotos.graded(before)) {
            double share = new PairFitter().fit(before.rgb(), spot.rgb()).map(FittedChange::share).orElse(0.0);
            // Both run: the fitted part carries a share (0.17, fitted on the full-size pair), the model the rest.
            assertTrue(share > 0.1 && share < 0.6, "share " + share);
            // ... whereas the speed benchmark's plain grade is all table.
            assertEquals(1, new PairFitter().fit(before.rgb(), grade.rgb()).orElseThrow().share());
        }
    }

    @Test
    void settingsNameTheOptionThatIsWrongAndCountPasses() {
        var e = assertThrows(IllegalArgumentException.class, () -> settings(0, List.of(1.0), 10, 10));
        assertTrue(e.getMessage().contains("--repeats"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> settings(1, List.of(1.0, -2.0), 10, 10));
        assertTrue(e.getMessage().contains("--sizes"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> settings(1, List.of(), 10, 10));
        assertTrue(e.getMessage().contains("--sizes"), e.getMessage());
        assertEquals(5, settings(1, List.of(1.0), 200, 1000).batchPasses());
        assertEquals(2, settings(1, List.of(1.0), 200, 201).batchPasses());
        assertEquals(1, settings(1, List.of(1.0), 200, 10).batchPasses());
    }

    @Test
    void markdownTablesEscapeBarsAndRefuseRaggedRows() {
        String table = new MarkdownTable("a", "b").row("x|y", 2).toString();
        assertEquals("| a | b |\n|---|---|\n| x\\|y | 2 |\n", table);
        assertThrows(IllegalArgumentException.class, () -> new MarkdownTable("a").row(1, 2));
        assertFalse(Numbers.ms(3.14159).equals(Numbers.ms(31.4159)));
        assertEquals("3.14", Numbers.ms(3.14159));
        assertEquals("31.4", Numbers.ms(31.4159));
        assertEquals("1.50 G", Numbers.si(1.5e9));
        assertEquals("0.25", Numbers.megapixels(0.25));
        assertEquals("4", Numbers.megapixels(4.0));
    }

    private static BenchSettings settings(int repeats, List<Double> sizes, int batch, int rss) {
        return new BenchSettings(0, repeats, sizes, 1, batch, rss, 64);
    }
}
