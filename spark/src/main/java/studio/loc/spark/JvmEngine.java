package studio.loc.spark;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HexFormat;
import java.util.Objects;
import java.util.ServiceLoader;
import studio.loc.app.model.ModelLocator;
import studio.loc.app.model.ModelNotFoundException;
import studio.loc.diffusion.image.Picture;
import studio.loc.diffusion.progress.CancellationToken;
import studio.loc.diffusion.progress.CancelledException;
import studio.loc.diffusion.progress.ProgressListener;
import studio.loc.diffusion.sample.SamplingOptions;
import studio.loc.hypernet.engine.ChangeEngine;
import studio.loc.hypernet.engine.EngineException;
import studio.loc.hypernet.engine.EngineFactory;
import studio.loc.hypernet.engine.EngineThreads;
import studio.loc.hypernet.engine.LearnedChange;
import studio.loc.hypernet.engine.PreparedChange;

/**
 * The one engine of this JVM: the model loaded and the change merged into it once, then shared by every task the
 * JVM runs (Spark runs several at a time in one executor). The engine is not safe for concurrent use, so edits
 * are serialised here; a JVM with several task slots still overlaps reading, decoding, encoding and writing of one
 * photo with the editing of another. A job with another model, change or strength replaces it.
 */
final class JvmEngine {

    private static JvmEngine current;
    private static boolean closesAtExit;

    private final Key key;
    private final ChangeEngine engine;
    private final PreparedChange prepared;
    private final String changeName;

    /** What decides the loaded engine. */
    record Key(String modelFolder, String changeSha256, double strength) implements java.io.Serializable {
    }

    private JvmEngine(Key key, ChangeEngine engine, PreparedChange prepared, String changeName) {
        this.key = key;
        this.engine = engine;
        this.prepared = prepared;
        this.changeName = changeName;
    }

    /** The change's own name (as {@code apply} records it in the outputs' history). */
    String changeName() {
        return changeName;
    }

    /**
     * This JVM's engine for {@code key}, opened on first use.
     *
     * @param changeBytes the change file's bytes (shipped with the job)
     * @param changeName the change file's name as the user gave it, for messages
     * @throws JobSetupException when the model cannot be opened or the change does not fit it, worded as
     *                           {@code apply} words it
     */
    static synchronized JvmEngine get(Key key, byte[] changeBytes, String changeName) throws JobSetupException {
        if (current != null && current.key.equals(key)) {
            return current;
        }
        if (current != null) {
            current.close();
            current = null;
        }
        EngineThreads.chooseDefault();
        Path folder = locateModel(key.modelFolder());
        EngineFactory factory = ServiceLoader.load(EngineFactory.class).findFirst().orElseThrow(() ->
                new JobSetupException("No model engine is on the class path (META-INF/services/"
                        + EngineFactory.class.getName() + "); submit the job jar built with -Pjob-jar."));
        ChangeEngine engine;
        try {
            engine = factory.open(folder);
        } catch (EngineException e) {
            throw new JobSetupException("Cannot open the model in " + folder + ": " + e.getMessage(), e);
        }
        try {
            LearnedChange change = load(engine, changeBytes, changeName);
            PreparedChange prepared;
            try {
                prepared = engine.prepare(change, key.strength());
            } catch (EngineException e) {
                throw new JobSetupException("The change cannot be applied with this model: " + e.getMessage(), e);
            }
            current = new JvmEngine(key, engine, prepared, change.name());
            if (!closesAtExit) {
                Runtime.getRuntime().addShutdownHook(new Thread(JvmEngine::closeCurrent, "loc-engine-close"));
                closesAtExit = true;
            }
            return current;
        } catch (JobSetupException | RuntimeException e) {
            engine.close();
            throw e;
        }
    }

    /** The model folder: {@code --model} as given (a path on every node), else where {@code apply} looks. */
    static Path locateModel(String modelFolder) throws JobSetupException {
        try {
            return ModelLocator.forThisProcess().locate(modelFolder == null ? null : Path.of(modelFolder));
        } catch (ModelNotFoundException e) {
            throw new JobSetupException(e.getMessage(), e);
        }
    }

    /** Loads the shipped bytes from a private copy named like the user's file, so messages name that file. */
    private static LearnedChange load(ChangeEngine engine, byte[] bytes, String changeName)
            throws JobSetupException {
        Path folder = null;
        Path file = null;
        try {
            folder = Files.createTempDirectory("loc-change-");
            file = folder.resolve(fileName(changeName));
            Files.write(file, bytes);
            return engine.load(file);
        } catch (IOException e) {
            throw new JobSetupException("Cannot unpack the change file " + changeName + " on this machine: "
                    + e.getMessage(), e);
        } catch (EngineException e) {
            throw new JobSetupException("Cannot use the change file " + changeName + ": " + e.getMessage(), e);
        } finally {
            try {
                if (file != null) {
                    Files.deleteIfExists(file);
                }
                if (folder != null) {
                    Files.deleteIfExists(folder);
                }
            } catch (IOException e) {
                // a stray temporary copy of a change file is harmless
            }
        }
    }

    private static String fileName(String changeName) {
        String name = changeName.substring(changeName.lastIndexOf('/') + 1);
        return name.isBlank() || name.equals("..") || name.equals(".") ? "change.loc.safetensors" : name;
    }

    /** The base model's fingerprint and sampler defaults. */
    String modelSha256() {
        return engine.model().sha256();
    }

    SamplingOptions defaults() {
        return engine.model().defaults();
    }

    /** Edits one photo; one at a time per JVM. */
    synchronized Picture apply(Picture picture, SamplingOptions sampling) throws EngineException, CancelledException {
        return prepared.apply(picture, sampling, ProgressListener.NONE, new CancellationToken());
    }

    private void close() {
        try {
            prepared.close();
        } finally {
            engine.close();
        }
    }

    private static synchronized void closeCurrent() {
        if (current != null) {
            current.close();
            current = null;
        }
    }

    static String hex(byte[] sha256) {
        return HexFormat.of().formatHex(Objects.requireNonNull(sha256));
    }
}
