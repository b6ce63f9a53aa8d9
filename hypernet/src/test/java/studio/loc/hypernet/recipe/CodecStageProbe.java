package studio.loc.hypernet.recipe;

import java.nio.file.Path;
import studio.loc.diffusion.codec.AutoencoderConfig;
import studio.loc.diffusion.image.OpenCv;
import studio.loc.diffusion.progress.CancellationToken;
import studio.loc.hypernet.data.PhotoCorpus;

/** Temporary manual probe: trains the codec stage from the command line (args: photos, checkpointDir, steps). */
public final class CodecStageProbe {
    public static void main(String[] args) throws Exception {
        OpenCv.ensureLoaded();
        try (PhotoCorpus corpus = PhotoCorpus.load(Path.of(args[0]))) {
            AutoencoderConfig cfg = CodecStage.run(corpus, AutoencoderConfig.defaultConfig(),
                    new StageSettings(Long.parseLong(args[2]), 8, 1e-3, 200), 128, 1, Path.of(args[1]),
                    new ConsoleTrainingListener("codec", 10, System.out), CancellationToken.NEVER);
            System.out.println("scale " + cfg.scaleFactor());
        }
    }
}
