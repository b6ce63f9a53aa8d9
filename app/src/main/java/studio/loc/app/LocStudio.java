package studio.loc.app;

import java.io.Console;
import java.io.PrintWriter;
import java.nio.charset.Charset;
import java.util.Optional;
import java.util.ServiceLoader;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import studio.loc.app.batch.PictureFilesCodec;
import studio.loc.app.cli.CliEnvironment;
import studio.loc.app.cli.ExitCodes;
import studio.loc.app.cli.LocStudioCli;
import studio.loc.app.cli.NativeNoiseFilter;
import studio.loc.app.messages.FailureMessages;
import studio.loc.app.model.ModelLocator;
import studio.loc.diffusion.progress.CancellationToken;
import studio.loc.diffusion.progress.CancelledException;
import studio.loc.hypernet.engine.EngineFactory;
import studio.loc.hypernet.engine.EngineThreads;

/**
 * The program's one entry point: {@code loc-studio} opens the window, {@code loc-studio COMMAND ...} runs a
 * command (see {@code --help}). The model engine is whatever {@link EngineFactory} is registered as a service.
 */
public final class LocStudio {

    /** How long Ctrl-C waits for the current photo to finish or be abandoned before the JVM exits anyway. */
    private static final long CANCEL_GRACE_SECONDS = 60;

    private final CliEnvironment environment;

    /** For tests and embedders: runs the commands in {@code environment} (engine, models, codec, cancel token). */
    LocStudio(CliEnvironment environment) {
        this.environment = environment;
    }

    /** Runs one command line and returns its exit code; nothing exits the JVM. */
    int execute(PrintWriter out, PrintWriter err, String... args) {
        var commandLine = LocStudioCli.create(environment);
        commandLine.setOut(out);
        commandLine.setErr(err);
        try {
            return commandLine.execute(args);
        } catch (RuntimeException | Error e) {
            if (!environment.cancel().isCancelled()) {
                throw e;
            }
            // Ctrl-C during start-up: a library that registers a shutdown hook while it loads fails with
            // "Shutdown in progress"; that is the cancellation, not a fault to report
            err.println("loc-studio: " + FailureMessages.describe(new CancelledException()));
            return ExitCodes.CANCELLED;
        } finally {
            out.flush();
            err.flush();
        }
    }

    public static void main(String[] args) {
        EngineThreads.chooseDefault();
        runAndExit(cancel -> {
            Console console = System.console();
            return new CliEnvironment(LocStudio::installedEngine, ModelLocator.forThisProcess(),
                    new PictureFilesCodec(), cancel, console != null && console.isTerminal());
        }, args);
    }

    /**
     * Runs a command line as a process: Ctrl-C (or SIGTERM) cancels the token, waits for the current photo to be
     * finished or dropped atomically and the summary to print, and the JVM then ends with the signal's status
     * (130 for Ctrl-C). Otherwise exits with the command's exit code.
     */
    static void runAndExit(Function<CancellationToken, CliEnvironment> environments, String[] args) {
        CancellationToken cancel = new CancellationToken();
        CountDownLatch finished = new CountDownLatch(1);
        Thread onSignal = new Thread(() -> {
            cancel.cancel();
            try {
                finished.await(CANCEL_GRACE_SECONDS, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }, "loc-studio-cancel");
        // Installed before anything slow (engine discovery, native libraries), so Ctrl-C at start-up is a
        // cancellation with its message and exit code too; the window does not need it and drops it again.
        Runtime.getRuntime().addShutdownHook(onSignal);
        NativeNoiseFilter.allowInThisProcess();
        CliEnvironment environment = environments.apply(cancel);
        boolean command = !LocStudioCli.opensWindow(environment, args);
        if (!command && !removeHook(onSignal)) {
            return;
        }
        Console console = System.console();
        Charset charset = console != null ? console.charset() : Charset.defaultCharset();
        PrintWriter out = new PrintWriter(System.out, true, charset);
        PrintWriter err = new PrintWriter(System.err, true, charset);
        int exitCode = new LocStudio(environment).execute(out, err, args);
        finished.countDown();
        if (cancel.isCancelled()) {
            return; // the JVM is already shutting down on a signal; System.exit would block
        }
        if (command && !removeHook(onSignal)) {
            return;
        }
        System.exit(exitCode);
    }

    /** Removes the signal hook; false when a signal arrived just now and the JVM is already shutting down. */
    private static boolean removeHook(Thread onSignal) {
        try {
            Runtime.getRuntime().removeShutdownHook(onSignal);
            return true;
        } catch (IllegalStateException signalArrivedJustNow) {
            return false;
        }
    }

    /** The model engine registered under META-INF/services, if this build has one. */
    static Optional<EngineFactory> installedEngine() {
        return ServiceLoader.load(EngineFactory.class).findFirst();
    }
}
