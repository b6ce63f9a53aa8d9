package studio.loc.app.gui;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import studio.loc.app.gui.task.BackgroundTask;
import studio.loc.diffusion.progress.CancelledException;
import studio.loc.hypernet.engine.EngineException;

/** The background-task helper without JavaFX running: callbacks are delivered on a plain "UI" executor. */
class BackgroundTaskTest {

    private final ExecutorService worker = Executors.newSingleThreadExecutor();
    private final ExecutorService ui = Executors.newSingleThreadExecutor();

    @AfterEach
    void stop() {
        worker.shutdownNow();
        ui.shutdownNow();
    }

    @Test
    void deliversProgressThenTheValueOnTheUiExecutor() throws Exception {
        CountDownLatch done = new CountDownLatch(1);
        AtomicReference<String> value = new AtomicReference<>();
        AtomicReference<String> thread = new AtomicReference<>();
        List<Double> seen = new ArrayList<>();
        BackgroundTask<String> task = BackgroundTask.<String>wrap((progress, cancel) -> {
            progress.onProgress(1, 4, "quarter");
            progress.onProgress(4, 4, "all");
            return "result";
        }).deliverOn(ui);
        task.progressProperty().addListener((obs, old, now) -> seen.add(now.doubleValue()));
        task.onSuccess(v -> {
            value.set(v);
            thread.set(Thread.currentThread().getName());
        }).onFinished(done::countDown).executeWith(worker);

        assertTrue(done.await(5, TimeUnit.SECONDS));
        assertEquals("result", value.get());
        assertEquals(List.of(0.25, 1.0), seen);
        assertEquals("all", task.messageProperty().get());
        assertFalse(task.runningProperty().get());
        assertFalse(thread.get().contains("pool-1"), "callback ran on the UI executor, not the worker");
    }

    @Test
    void failureCarriesTheException() throws Exception {
        CountDownLatch done = new CountDownLatch(1);
        AtomicReference<Exception> error = new AtomicReference<>();
        BackgroundTask.<String>wrap((progress, cancel) -> {
            throw new EngineException("This change was made for another model.");
        }).deliverOn(ui).onSuccess(v -> { throw new AssertionError("no success expected"); })
                .onFailure(error::set).onFinished(done::countDown).executeWith(worker);

        assertTrue(done.await(5, TimeUnit.SECONDS));
        assertEquals("This change was made for another model.",
                studio.loc.app.messages.FailureMessages.describe(error.get()));
    }

    @Test
    void cancelStopsTheWorkAtItsNextSafePoint() throws Exception {
        CountDownLatch started = new CountDownLatch(1);
        CountDownLatch cancelled = new CountDownLatch(1);
        AtomicReference<Integer> stepsRun = new AtomicReference<>(0);
        BackgroundTask<Integer> task = BackgroundTask.<Integer>wrap((progress, cancel) -> {
            started.countDown();
            for (int step = 0; step < 10_000; step++) {
                cancel.throwIfCancelled();
                stepsRun.set(step);
                Thread.sleep(1);
            }
            return 10_000;
        }).deliverOn(ui).onCancelled(cancelled::countDown).executeWith(worker);

        assertTrue(started.await(5, TimeUnit.SECONDS));
        task.cancel();
        assertTrue(cancelled.await(5, TimeUnit.SECONDS));
        assertTrue(stepsRun.get() < 9_000, "stopped early, after " + stepsRun.get() + " steps");
        assertTrue(task.isCancelled());
    }

    @Test
    void cancelledExceptionFromTheWorkCountsAsCancelled() throws Exception {
        CountDownLatch cancelled = new CountDownLatch(1);
        BackgroundTask.<String>wrap((progress, cancel) -> {
            throw new CancelledException();
        }).deliverOn(ui).onFailure(e -> { throw new AssertionError("not a failure"); })
                .onCancelled(cancelled::countDown).executeWith(worker);
        assertTrue(cancelled.await(5, TimeUnit.SECONDS));
    }
}
