package studio.loc.hypernet.net;

import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonPrimitive;

/**
 * The shape of the hypernetwork H, as written in model.json under {@code "hypernet"}.
 *
 * @param imageSize side of the square images H sees (pairs are resized to it)
 * @param patchSize side of a ViT patch; must divide imageSize
 * @param width token width of encoder and decoder
 * @param depth encoder transformer blocks
 * @param heads attention heads (must divide width)
 * @param decoderBlocks decoder blocks M (self-attention among slot queries, cross-attention to the pair)
 * @param rank LoRA rank r of every slot
 * @param alpha LoRA alpha (scale at application is strength · alpha / rank)
 * @param mlpRatio hidden width of the MLPs as a multiple of width
 * @param identityReferenced up factors are read from the decoder feature of (A, A') minus that of (A, A), with no
 *                           bias: a pair without a change gives exactly the zero LoRA and a pair-independent LoRA
 *                           cannot be expressed (model.json {@code "identityReferenced"}; false when absent, as in
 *                           the session-1 model, whose H settled on one LoRA for every pair)
 */
public record HypernetConfig(int imageSize, int patchSize, int width, int depth, int heads, int decoderBlocks,
                             int rank, float alpha, int mlpRatio, boolean identityReferenced) {

    public HypernetConfig {
        positive("imageSize", imageSize);
        positive("patchSize", patchSize);
        positive("width", width);
        positive("depth", depth);
        positive("heads", heads);
        positive("decoderBlocks", decoderBlocks);
        positive("rank", rank);
        positive("mlpRatio", mlpRatio);
        if (imageSize % patchSize != 0) {
            throw new IllegalArgumentException("hypernet: patchSize " + patchSize + " does not divide imageSize "
                    + imageSize);
        }
        if (width % heads != 0) {
            throw new IllegalArgumentException("hypernet: width " + width + " does not split into " + heads + " heads");
        }
        if (!(alpha > 0) || !Float.isFinite(alpha)) {
            throw new IllegalArgumentException("hypernet: alpha must be a positive number, got " + alpha);
        }
    }

    /** Seconds-fast networks for unit tests. */
    public static HypernetConfig tiny() {
        return new HypernetConfig(16, 4, 16, 1, 2, 1, 2, 2f, 2, true);
    }

    /**
     * The bundled model's H: 64-px pairs in 8-px patches (64 tokens per image), width 192, 4 encoder and 2 decoder
     * blocks, rank 4, identity-referenced up factors. Sized so one forward pass (learning a change) stays within
     * ~100 ms on a 2-core CPU.
     */
    public static HypernetConfig defaultConfig() {
        return new HypernetConfig(64, 8, 192, 4, 4, 2, 4, 4f, 4, true);
    }

    /** Tokens per image. */
    public int tokens() {
        int side = imageSize / patchSize;
        return side * side;
    }

    /**
     * Parses model.json's {@code hypernet} object. Missing keys take {@link #defaultConfig()}'s values, so a model
     * file only needs to list what it changes; keys that are not numbers are refused with their name.
     */
    public static HypernetConfig fromJson(JsonObject json) {
        HypernetConfig d = defaultConfig();
        return new HypernetConfig(
                intOr(json, "imageSize", d.imageSize), intOr(json, "patchSize", d.patchSize),
                intOr(json, "width", d.width), intOr(json, "depth", d.depth), intOr(json, "heads", d.heads),
                intOr(json, "decoderBlocks", d.decoderBlocks), intOr(json, "rank", d.rank),
                (float) numberOr(json, "alpha", d.alpha), intOr(json, "mlpRatio", d.mlpRatio),
                booleanOr(json, "identityReferenced", false));
    }

    /** This config with the model's LoRA rank and alpha (model.json states them once, for H and G alike). */
    public HypernetConfig withLora(int newRank, float newAlpha) {
        return new HypernetConfig(imageSize, patchSize, width, depth, heads, decoderBlocks, newRank, newAlpha, mlpRatio,
                identityReferenced);
    }

    public JsonObject toJson() {
        JsonObject json = new JsonObject();
        json.addProperty("imageSize", imageSize);
        json.addProperty("patchSize", patchSize);
        json.addProperty("width", width);
        json.addProperty("depth", depth);
        json.addProperty("heads", heads);
        json.addProperty("decoderBlocks", decoderBlocks);
        json.addProperty("rank", rank);
        json.addProperty("alpha", alpha);
        json.addProperty("mlpRatio", mlpRatio);
        json.addProperty("identityReferenced", identityReferenced);
        return json;
    }

    private static int intOr(JsonObject json, String key, int fallback) {
        double value = numberOr(json, key, fallback);
        if (value != Math.rint(value) || Math.abs(value) > Integer.MAX_VALUE) {
            throw new IllegalArgumentException("hypernet." + key + " must be a whole number, got " + value);
        }
        return (int) value;
    }

    private static boolean booleanOr(JsonObject json, String key, boolean fallback) {
        JsonElement element = json.get(key);
        if (element == null || element.isJsonNull()) {
            return fallback;
        }
        if (!(element instanceof JsonPrimitive p) || !p.isBoolean()) {
            throw new IllegalArgumentException("hypernet." + key + " must be true or false, got " + element);
        }
        return p.getAsBoolean();
    }

    private static double numberOr(JsonObject json, String key, double fallback) {
        JsonElement element = json.get(key);
        if (element == null || element.isJsonNull()) {
            return fallback;
        }
        if (!(element instanceof JsonPrimitive p) || !p.isNumber()) {
            throw new IllegalArgumentException("hypernet." + key + " must be a number, got " + element);
        }
        return p.getAsDouble();
    }

    private static void positive(String name, int value) {
        if (value < 1) {
            throw new IllegalArgumentException("hypernet." + name + " must be at least 1, got " + value);
        }
    }
}
