package studio.loc.app.batch;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import studio.loc.diffusion.sample.SamplingOptions;
import studio.loc.hypernet.engine.LearnedChange;

/** Output naming and input walking, without decoding anything (the planner never reads pixels). */
class BatchPlannerTest {

    @TempDir
    Path tmp;

    private final BatchPlanner planner = new BatchPlanner(new PictureFilesCodec());

    private BatchRequest.Builder request() {
        LearnedChange change = new LearnedChange("c", "m", java.time.Instant.EPOCH, new byte[0], new byte[0], 0, null);
        return BatchRequest.builder(change, "fp", new SamplingOptions(1, 1, 1, 1));
    }

    private Path touch(String relative) throws IOException {
        Path file = tmp.resolve("in").resolve(relative);
        Files.createDirectories(file.getParent());
        return Files.writeString(file, "");
    }

    private List<String> outputKeys(BatchPlan plan) {
        return plan.images().stream().map(PlannedFile::outputKey).toList();
    }

    @Test
    void keepsLayoutAndNamesWhenKeepingFormats() throws Exception {
        touch("2024/summer/IMG_1.JPG");
        touch("2024/b.tiff");
        touch("readme.md");
        touch(".DS_Store");
        BatchPlan plan = planner.plan(request().inputs(List.of(tmp.resolve("in"))).outputFolder(tmp.resolve("out"))
                .build());
        assertEquals(List.of("2024/b.tiff", "2024/summer/IMG_1.JPG"), outputKeys(plan));
        assertEquals("jpeg", plan.images().get(1).format());
        assertEquals(tmp.resolve("out/2024/summer/IMG_1.JPG"), plan.images().get(1).output());
        assertEquals(2, plan.notImages().size());
    }

    @Test
    void namesDifferingOnlyInCaseAreNumbered() throws Exception {
        touch("A.png");
        touch("a.png");
        BatchPlan plan = planner.plan(request().inputs(List.of(tmp.resolve("in"))).outputFolder(tmp.resolve("out"))
                .build());
        assertEquals(List.of("A.png", "a-2.png"), outputKeys(plan));
    }

    @Test
    void severalInputsGoUnderTheirOwnNamesAndSameNamedFilesDoNotClash() throws Exception {
        Path one = touch("one/x.jpg");
        Path two = touch("two/x.jpg");
        touch("folder/y.webp");
        BatchPlan plan = planner.plan(request().inputs(List.of(one, two, tmp.resolve("in/folder")))
                .outputFolder(tmp.resolve("out")).format("png").build());
        assertEquals(List.of("x.png", "x-2.png", "folder/y.png"), outputKeys(plan));
        assertTrue(plan.images().stream().allMatch(f -> f.format().equals("png")));
    }

    @Test
    void anOutputNeverLandsOnAnInput() throws Exception {
        Path in = tmp.resolve("in");
        touch("out/photo.png");
        Path source = touch("photo.png");
        BatchPlan plan = planner.plan(request().inputs(List.of(source, in.resolve("out/photo.png")))
                .outputFolder(in.resolve("out")).build());
        // numbered in path order (in/out/photo.png before in/photo.png), whatever the order of the arguments
        assertEquals(List.of("photo-3.png", "photo-2.png"), outputKeys(plan), "photo.png there is an input");
        assertTrue(plan.images().stream().noneMatch(f -> f.output().equals(in.resolve("out/photo.png"))));
    }

    @Test
    void outputInsideInputIsRefusedEvenThroughALink() throws Exception {
        touch("a.png");
        Path link = tmp.resolve("link");
        try {
            Files.createSymbolicLink(link, tmp.resolve("in"));
        } catch (UnsupportedOperationException | IOException e) {
            org.junit.jupiter.api.Assumptions.abort("no symbolic links here");
        }
        var error = assertThrows(BatchSetupException.class, () -> planner.plan(request()
                .inputs(List.of(tmp.resolve("in"))).outputFolder(link.resolve("edited")).build()));
        assertTrue(error.getMessage().contains("inside the input folder"), error.getMessage());
    }
}
