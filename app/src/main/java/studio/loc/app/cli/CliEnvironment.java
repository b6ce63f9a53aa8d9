package studio.loc.app.cli;

import java.util.Objects;
import java.util.Optional;
import java.util.function.Supplier;
import studio.loc.app.batch.ImageCodec;
import studio.loc.app.model.ModelLocator;
import studio.loc.diffusion.progress.CancellationToken;
import studio.loc.hypernet.engine.EngineFactory;

/**
 * What the commands need from the world: the model engine, where models are, how photos are read and written,
 * the cancellation token Ctrl-C trips, and whether a person watches a terminal (progress bar) or not (log lines).
 *
 * @param engines finds the installed model engine; empty when none is installed
 * @param models finds the model folder
 * @param codec reads and writes photos
 * @param cancel tripped by Ctrl-C
 * @param interactive true when stderr is a terminal, so progress can redraw one line
 */
public record CliEnvironment(Supplier<Optional<EngineFactory>> engines, ModelLocator models, ImageCodec codec,
                             CancellationToken cancel, boolean interactive) {

    public CliEnvironment {
        Objects.requireNonNull(engines, "engines");
        Objects.requireNonNull(models, "models");
        Objects.requireNonNull(codec, "codec");
        Objects.requireNonNull(cancel, "cancel");
    }

    /** The engine factory, or a clear error when no engine is installed. */
    EngineFactory engineFactory() throws CliException {
        return engines.get().orElseThrow(() -> new CliException("No model engine is installed: this build of LoC "
                + "Studio has no EngineFactory registered (META-INF/services/" + EngineFactory.class.getName()
                + "). Install the full application or build it with ./mvnw install.", ExitCodes.USAGE));
    }
}
