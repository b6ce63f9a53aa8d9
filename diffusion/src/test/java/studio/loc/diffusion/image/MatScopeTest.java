package studio.loc.diffusion.image;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.opencv.core.Core;
import org.opencv.core.CvType;
import org.opencv.core.Mat;
import org.opencv.core.Scalar;

class MatScopeTest {

    @BeforeAll
    static void loadOpenCv() {
        OpenCv.ensureLoaded();
    }

    private static Mat filled() {
        return new Mat(4, 4, CvType.CV_32FC3, new Scalar(0.5, 0.25, 0.125));
    }

    @Test
    void closingReleasesEveryMatTheScopeOwns() {
        Mat a;
        Mat b;
        List<Mat> channels;
        try (MatScope scope = new MatScope()) {
            a = scope.add(filled());
            b = scope.newMat();
            Core.add(a, a, b);
            List<Mat> split = new ArrayList<>();
            Core.split(b, split);
            channels = scope.addAll(split);
            assertFalse(a.empty());
            assertEquals(3, channels.size());
            assertEquals(1.0, channels.getFirst().get(0, 0)[0], 0);
        }
        assertTrue(a.empty());
        assertTrue(b.empty());
        assertTrue(channels.stream().allMatch(Mat::empty));
    }

    @Test
    void aKeptMatOutlivesTheScope() {
        Mat kept;
        Mat dropped;
        try (MatScope scope = new MatScope()) {
            dropped = scope.add(filled());
            kept = scope.keep(scope.add(filled()));
        }
        assertTrue(dropped.empty());
        assertFalse(kept.empty());
        assertEquals(0.5, kept.get(0, 0)[0], 0);
        kept.release();
    }

    @Test
    void aContinuousViewIsTheMatItselfAndAGappedOneACopyTheScopeOwns() {
        Mat whole = filled();
        Mat column;
        Mat copy;
        try (MatScope scope = new MatScope()) {
            assertSame(whole, scope.continuous(whole));
            column = scope.add(whole.colRange(1, 2));
            assertFalse(column.isContinuous());
            copy = scope.continuous(column);
            assertTrue(copy != column && copy.isContinuous());
            assertEquals(0.5, copy.get(3, 0)[0], 0);
        }
        assertTrue(copy.empty());
        assertFalse(whole.empty(), "the scope never owned the caller's Mat");
        whole.release();
    }

    @Test
    void aHelpersResultIsOwnedOnlyWhenItIsNotItsInput() {
        Mat input = filled();
        Mat derived;
        try (MatScope scope = new MatScope()) {
            assertSame(input, scope.addUnlessSame(input, input));
            derived = scope.addUnlessSame(input.clone(), input);
        }
        assertFalse(input.empty());
        assertTrue(derived.empty());
        input.release();
    }

    @Test
    void keepingAMatTheScopeNeverOwnedChangesNothing() {
        Mat outside = filled();
        try (MatScope scope = new MatScope()) {
            assertSame(outside, scope.keep(outside));
            assertNull(scope.add(null));
        }
        assertFalse(outside.empty());
        outside.release();
    }

    @Test
    void anExceptionStillReleasesAndASecondCloseDoesNothing() {
        Mat[] made = new Mat[1];
        MatScope outer = new MatScope();
        assertThrows(IllegalStateException.class, () -> {
            try (MatScope scope = outer) {
                made[0] = scope.add(filled());
                throw new IllegalStateException("boom");
            }
        });
        assertTrue(made[0].empty());
        outer.close();
        Mat later = outer.add(filled());
        outer.close();
        assertTrue(later.empty(), "a closed scope can be used again and releases what it was given since");
    }
}
