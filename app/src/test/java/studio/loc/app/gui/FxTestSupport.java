package studio.loc.app.gui;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;
import javafx.application.Platform;
import org.testfx.api.FxToolkit;

/** Starts JavaFX headless (Monocle, software rendering) once per JVM, and small helpers to wait on the FX thread. */
public final class FxTestSupport {

    private static boolean started;

    private FxTestSupport() {
    }

    public static synchronized void startHeadless() throws Exception {
        if (started) {
            return;
        }
        System.setProperty("testfx.robot", "glass");
        System.setProperty("testfx.headless", "true");
        System.setProperty("prism.order", "sw");
        System.setProperty("prism.text", "t2k");
        System.setProperty("glass.platform", "Monocle");
        System.setProperty("monocle.platform", "Headless");
        // Monocle's headless screen defaults to 1280×800; a larger window would overflow its frame buffer.
        System.setProperty("headless.geometry", "1600x1000-32");
        System.setProperty("java.awt.headless", "true");
        FxToolkit.registerPrimaryStage();
        started = true;
    }

    /** Runs on the FX thread and returns the value. */
    public static <T> T onFx(Supplier<T> action) throws Exception {
        CompletableFuture<T> result = new CompletableFuture<>();
        Platform.runLater(() -> {
            try {
                result.complete(action.get());
            } catch (Throwable e) {
                result.completeExceptionally(e);
            }
        });
        return result.get(10, TimeUnit.SECONDS);
    }

    public static void onFx(Runnable action) throws Exception {
        onFx(() -> {
            action.run();
            return null;
        });
    }

    /** Polls {@code condition} on the FX thread until it holds; fails with {@code what} after {@code timeout}. */
    public static void waitFor(String what, Duration timeout, BooleanSupplier condition) throws Exception {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < deadline) {
            if (onFx(condition::getAsBoolean)) {
                return;
            }
            Thread.sleep(20);
        }
        throw new AssertionError("Timed out waiting for: " + what);
    }
}
