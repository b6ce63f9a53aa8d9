package studio.loc.hypernet.recipe;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import studio.loc.diffusion.model.SamplerDefaults;
import studio.loc.diffusion.sample.Prediction;
import studio.loc.diffusion.sample.SamplingOptions;

/**
 * How the bundled model is trained from scratch, as data (samples/recipe/*.json): the name it gets, the image size,
 * the seed, and the steps of each stage. Network shapes are the {@code defaultConfig()}s of the networks, so a
 * recipe file cannot drift from the code that runs the model.
 *
 * @param name model name written to model.json (and so into every change file made with it)
 * @param imageSize side of the images G works at
 * @param seed seeds every random draw of every stage
 * @param codec the latent autoencoder stage (its batch is image crops of {@code codecCrop} px)
 * @param codecCrop crop side for codec training (the codec is fully convolutional, small crops are cheaper)
 * @param denoiser G warm-up: zero LoRA reproduces the query
 * @param joint G and H together with LoRA Reverse and the quad term
 * @param hypernetOnly H alone with G frozen
 * @param finetune optional last stage at a low rate, G learning too (optional in the file: absent, none)
 * @param pairOnlyFraction share of training samples built from one photo (the user-pair situation)
 * @param reverse train with the LoRA Reverse term (optional in the file, default on; off for the ablation)
 * @param quad train with the quad/view term (optional, default on; off for the pairs-only ablation)
 * @param sampler what G predicts and how the finished model samples by default (optional in the file: the
 *                session-1 settings, ε-prediction started half way from the query, when absent)
 */
public record RecipeConfig(String name, int imageSize, long seed, StageSettings codec, int codecCrop,
                           StageSettings denoiser, StageSettings joint, StageSettings hypernetOnly,
                           FinetuneStage finetune, double pairOnlyFraction, boolean reverse, boolean quad,
                           SamplerDefaults sampler) {

    /**
     * Session 1's sampling: ε-prediction, started from the query's latent noised half way (on training photos a
     * zero change then came back at 34–36 dB, against 14–25 dB from pure noise with that ε model).
     */
    static final SamplerDefaults EPSILON_HALF_WAY = new SamplerDefaults(SamplingOptions.DEFAULTS.withStartFraction(0.5),
            SamplerDefaults.SCALED_LINEAR, 1000, Prediction.EPSILON);

    public static RecipeConfig read(Path file) throws IOException {
        JsonObject root = JsonParser.parseString(Files.readString(file, StandardCharsets.UTF_8)).getAsJsonObject();
        return new RecipeConfig(field(root, "name").getAsString(), field(root, "imageSize").getAsInt(),
                field(root, "seed").getAsLong(), stage(root, "codec"), field(root, "codecCrop").getAsInt(),
                stage(root, "denoiser"), stage(root, "joint"), stage(root, "hypernetOnly"), finetune(root),
                field(root, "pairOnlyFraction").getAsDouble(), term(root, "reverse"), term(root, "quad"),
                sampler(root));
    }

    /** {@code "finetune": {..., "trainsDenoiser": false}} continues H alone; absent, G learns too. */
    private static FinetuneStage finetune(JsonObject root) {
        if (!root.has("finetune")) {
            return FinetuneStage.NONE;
        }
        JsonObject s = root.getAsJsonObject("finetune");
        boolean trainsDenoiser = !s.has("trainsDenoiser") || s.get("trainsDenoiser").getAsBoolean();
        return new FinetuneStage(stage(root, "finetune"), trainsDenoiser);
    }

    /** {@code "terms": {"reverse": false}} turns a loss term off; absent terms are on. */
    private static boolean term(JsonObject root, String name) {
        JsonObject terms = root.getAsJsonObject("terms");
        return terms == null || !terms.has(name) || terms.get(name).getAsBoolean();
    }

    private static SamplerDefaults sampler(JsonObject root) {
        SamplerDefaults d = EPSILON_HALF_WAY;
        JsonObject s = root.getAsJsonObject("sampler");
        if (s == null) {
            return d;
        }
        return new SamplerDefaults(s.has("steps") ? s.get("steps").getAsInt() : d.steps(),
                s.has("guidance") ? s.get("guidance").getAsDouble() : d.guidance(), d.seed(), d.schedule(),
                d.trainTimesteps(), s.has("startFraction") ? s.get("startFraction").getAsDouble() : d.startFraction(),
                s.has("prediction") ? Prediction.named(s.get("prediction").getAsString()) : d.prediction());
    }

    /** A missing field is named, rather than surfacing as a NullPointerException. */
    private static com.google.gson.JsonElement field(JsonObject object, String key) {
        com.google.gson.JsonElement value = object.get(key);
        if (value == null || value.isJsonNull()) {
            throw new IllegalArgumentException("recipe has no \"" + key + "\" field");
        }
        return value;
    }

    private static StageSettings stage(JsonObject root, String key) {
        JsonObject s = root.getAsJsonObject(key);
        if (s == null) {
            throw new IllegalArgumentException("recipe has no \"" + key + "\" stage");
        }
        return new StageSettings(field(s, "steps").getAsLong(), field(s, "batch").getAsInt(),
                field(s, "learningRate").getAsDouble(), field(s, "checkpointEvery").getAsLong());
    }
}
