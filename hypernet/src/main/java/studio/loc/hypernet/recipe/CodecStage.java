package studio.loc.hypernet.recipe;

import ai.djl.ndarray.NDManager;
import java.io.IOException;
import java.nio.file.Path;
import studio.loc.diffusion.codec.Autoencoder;
import studio.loc.diffusion.codec.AutoencoderConfig;
import studio.loc.diffusion.nn.ParameterStore;
import studio.loc.diffusion.progress.CancellationToken;
import studio.loc.diffusion.progress.CancelledException;
import studio.loc.diffusion.train.CodecTrainer;
import studio.loc.diffusion.train.TrainerSettings;
import studio.loc.diffusion.train.TrainingListener;
import studio.loc.hypernet.data.PhotoCorpus;

/** Stage 1: the latent autoencoder, trained on corpus crops; returns its config with the measured latent scale. */
public final class CodecStage {

    private CodecStage() {
    }

    public static AutoencoderConfig run(PhotoCorpus corpus, AutoencoderConfig config, StageSettings stage,
                                        int imageSize, long seed, Path checkpointDir, TrainingListener listener,
                                        CancellationToken cancel) throws IOException, CancelledException {
        try (NDManager root = NDManager.newBaseManager(); ParameterStore store = new ParameterStore(root, seed)) {
            Autoencoder codec = new Autoencoder(config, store);
            TrainerSettings settings = new TrainerSettings(stage.steps(), stage.learningRate(),
                    Math.max(1, stage.steps() / 20), 0.0, 1.0, seed, checkpointDir, stage.checkpointEvery(), 25);
            double[] std = new double[1];
            new CodecTrainer(codec, store, new CorpusImageBatches(corpus, stage.batch(), imageSize, seed), settings,
                    CodecTrainer.Losses.defaults()).train(listener, cancel, s -> std[0] = s);
            return config.withScaleFactor((float) (config.scaleFactor() / std[0]));
        }
    }
}
