package studio.loc.hypernet.engine;

import java.nio.file.Path;
import studio.loc.diffusion.sample.SamplingOptions;

/**
 * A base model as the user sees it.
 *
 * @param name the model's name from model.json
 * @param sha256 fingerprint of the model (change files record it)
 * @param folder where it was loaded from
 * @param imageSize the resolution the networks work at
 * @param defaults sampler defaults from model.json
 */
public record ModelInfo(String name, String sha256, Path folder, int imageSize, SamplingOptions defaults) {
}
