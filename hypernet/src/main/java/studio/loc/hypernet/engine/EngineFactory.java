package studio.loc.hypernet.engine;

import java.nio.file.Path;

/** Opens a base-model folder (model.json + weights) as an engine. The GUI and CLI receive one of these. */
@FunctionalInterface
public interface EngineFactory {
    ChangeEngine open(Path modelFolder) throws EngineException;
}
