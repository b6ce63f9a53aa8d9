package studio.loc.diffusion.model;

import com.google.gson.GsonBuilder;
import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParseException;
import com.google.gson.JsonParser;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import studio.loc.diffusion.codec.AutoencoderConfig;
import studio.loc.diffusion.lora.LoraSlot;
import studio.loc.diffusion.lora.SlotKind;
import studio.loc.diffusion.sample.Prediction;
import studio.loc.diffusion.unet.UNetConfig;

/**
 * A model folder's {@code model.json}: identity, weight-file checksums, the networks' configs, the LoRA slot list
 * and sampler defaults. The hypernetwork's config is kept as raw JSON: the hypernet module parses it (diffusion
 * does not know its shape). Unknown fields are ignored, so newer files stay readable.
 *
 * @param name      the model's name (change files record it)
 * @param version   the model's version
 * @param imageSize side of the square images the networks work at
 * @param sha256    lower-case hex SHA-256 per weight file name (empty before the first save)
 * @param codec     the latent autoencoder
 * @param unet      the denoiser
 * @param hypernet  the hypernetwork's config, raw (may be empty)
 * @param slots     the LoRA slots (must equal the UNet's)
 * @param rank      LoRA rank the hypernetwork emits
 * @param alpha     LoRA alpha (scale = alpha / rank)
 * @param sampler   sampler defaults and the training noise schedule
 */
public record ModelConfig(String name, String version, int imageSize, Map<String, String> sha256,
                          AutoencoderConfig codec, UNetConfig unet, JsonObject hypernet, List<LoraSlot> slots,
                          int rank, float alpha, SamplerDefaults sampler) {

    public static final String FILE_NAME = "model.json";
    public static final String FORMAT = "loc-model/1";

    public ModelConfig {
        if (name == null || name.isBlank()) {
            throw new IllegalArgumentException("a model needs a name");
        }
        if (version == null || version.isBlank()) {
            throw new IllegalArgumentException("a model needs a version");
        }
        sha256 = Collections.unmodifiableMap(new TreeMap<>(sha256));
        hypernet = hypernet == null ? new JsonObject() : hypernet.deepCopy();
        slots = List.copyOf(slots);
        if (rank < 1) {
            throw new IllegalArgumentException("LoRA rank must be at least 1, got " + rank);
        }
        if (!(alpha > 0) || Float.isInfinite(alpha)) {
            throw new IllegalArgumentException("LoRA alpha must be a positive number, got " + alpha);
        }
        if (codec.latentChannels() != unet.latentChannels()) {
            throw new IllegalArgumentException("the codec makes " + codec.latentChannels()
                    + "-channel latents but the UNet expects " + unet.latentChannels());
        }
        int multiple = codec.factor() * unet.downscale();
        if (imageSize < 1 || imageSize % multiple != 0) {
            throw new IllegalArgumentException("imageSize " + imageSize + " must be a positive multiple of "
                    + multiple + " (codec factor × UNet downscale)");
        }
    }

    /** The JsonObject is copied out: callers cannot change the record through it. */
    @Override
    public JsonObject hypernet() {
        return hypernet.deepCopy();
    }

    /** A copy with other checksums (what a save computes). */
    public ModelConfig withSha256(Map<String, String> checksums) {
        return new ModelConfig(name, version, imageSize, checksums, codec, unet, hypernet, slots, rank, alpha,
                sampler);
    }

    /** Reads {@code folder/model.json}. */
    public static ModelConfig read(Path folder) throws ModelFormatException, IOException {
        Path file = folder.resolve(FILE_NAME);
        if (!Files.isRegularFile(file)) {
            throw new ModelFormatException("no " + FILE_NAME + " in " + folder + ": this is not a model folder");
        }
        return parse(Files.readString(file, StandardCharsets.UTF_8));
    }

    /**
     * Where and why the JSON is broken, in the parser's words but without the Java class name Gson puts in front
     * of its cause's message ("java.io.EOFException: End of input at line 3 column 1 path $.unet").
     */
    private static String jsonProblem(JsonParseException e) {
        Throwable cause = e.getCause() != null && e.getCause().getMessage() != null ? e.getCause() : e;
        String message = String.valueOf(cause.getMessage());
        int troubleshooting = message.indexOf("\nSee https://");
        return troubleshooting < 0 ? message : message.substring(0, troubleshooting);
    }

    public static ModelConfig parse(String json) throws ModelFormatException {
        JsonElement root;
        try {
            root = JsonParser.parseString(json);
        } catch (JsonParseException e) {
            throw new ModelFormatException("model.json is not valid JSON: " + jsonProblem(e), e);
        }
        if (!root.isJsonObject()) {
            throw new ModelFormatException("model.json must hold a JSON object");
        }
        JsonFields f = new JsonFields(root.getAsJsonObject(), "");
        if (f.has("format") && !f.string("format").startsWith("loc-model/1")) {
            throw new ModelFormatException("model.json has format \"" + f.string("format")
                    + "\"; this version of LoC Studio reads " + FORMAT);
        }
        try {
            Map<String, String> checksums = new TreeMap<>();
            if (f.has("sha256")) {
                JsonFields sums = f.object("sha256");
                for (String file : sums.raw().keySet()) {
                    String checksum = sums.string(file).toLowerCase(Locale.ROOT);
                    if (!checksum.matches("[0-9a-f]{64}")) {
                        throw new ModelFormatException("model.json: \"sha256." + file
                                + "\" must be 64 hexadecimal digits, got \"" + checksum + "\"");
                    }
                    checksums.put(file, checksum);
                }
            }
            JsonFields lora = f.object("lora");
            JsonObject hypernet = f.has("hypernet") ? f.object("hypernet").raw() : new JsonObject();
            SamplerDefaults sampler = f.has("sampler") ? sampler(f.object("sampler")) : SamplerDefaults.standard();
            return new ModelConfig(f.string("name"), f.string("version"), f.integer("imageSize"), checksums,
                    codec(f.object("latentCodec")), unet(f.object("unet")), hypernet, slots(lora), lora.integer("rank"),
                    (float) lora.number("alpha"), sampler);
        } catch (IllegalArgumentException e) {
            throw new ModelFormatException("model.json: " + e.getMessage(), e);
        }
    }

    private static AutoencoderConfig codec(JsonFields f) throws ModelFormatException {
        String type = f.string("type");
        if (!type.equals("autoencoder")) {
            throw new ModelFormatException("model.json: \"latentCodec.type\" is \"" + type
                    + "\"; only \"autoencoder\" is supported");
        }
        return new AutoencoderConfig(f.integers("channels"), f.integer("latentChannels"), f.integer("resBlocks"),
                f.integerOr("normGroups", 8), (float) f.number("scaleFactor"));
    }

    private static UNetConfig unet(JsonFields f) throws ModelFormatException {
        return new UNetConfig(f.integer("latentChannels"), f.integers("channels"), f.integer("resBlocksPerLevel"),
                f.integers("attentionLevels"), f.integer("heads"), f.integer("timeEmbedDim"),
                f.integerOr("normGroups", 8));
    }

    private static List<LoraSlot> slots(JsonFields lora) throws ModelFormatException {
        JsonArray array = lora.array("slots");
        List<LoraSlot> slots = new ArrayList<>();
        for (int i = 0; i < array.size(); i++) {
            if (!array.get(i).isJsonObject()) {
                throw new ModelFormatException("model.json: \"lora.slots[" + i + "]\" must be an object");
            }
            JsonFields s = new JsonFields(array.get(i).getAsJsonObject(), "lora.slots[" + i + "]");
            String kind = s.string("kind");
            SlotKind slotKind = switch (kind) {
                case "linear" -> SlotKind.LINEAR;
                case "conv" -> SlotKind.CONV;
                default -> throw new ModelFormatException("model.json: \"lora.slots[" + i + "].kind\" is \"" + kind
                        + "\"; expected \"linear\" or \"conv\"");
            };
            slots.add(new LoraSlot(s.string("name"), s.integer("in"), s.integer("out"), slotKind,
                    s.integerOr("kernel", 1)));
        }
        return slots;
    }

    private static SamplerDefaults sampler(JsonFields f) throws ModelFormatException {
        SamplerDefaults d = SamplerDefaults.standard();
        return new SamplerDefaults(f.integer("steps"), f.number("guidance"), f.longInteger("seed"),
                f.has("schedule") ? f.string("schedule") : d.schedule(), f.integerOr("trainTimesteps",
                d.trainTimesteps()), f.has("startFraction") ? f.number("startFraction") : d.startFraction(),
                f.has("prediction") ? Prediction.named(f.string("prediction")) : d.prediction());
    }

    /** The model.json text (pretty-printed, stable field order). */
    public String toJson() {
        JsonObject root = new JsonObject();
        root.addProperty("format", FORMAT);
        root.addProperty("name", name);
        root.addProperty("version", version);
        root.addProperty("imageSize", imageSize);
        JsonObject sums = new JsonObject();
        sha256.forEach(sums::addProperty);
        root.add("sha256", sums);

        JsonObject c = new JsonObject();
        c.addProperty("type", "autoencoder");
        c.add("channels", ints(codec.channels()));
        c.addProperty("latentChannels", codec.latentChannels());
        c.addProperty("resBlocks", codec.resBlocks());
        c.addProperty("normGroups", codec.normGroups());
        c.addProperty("scaleFactor", codec.scaleFactor());
        root.add("latentCodec", c);

        JsonObject u = new JsonObject();
        u.addProperty("latentChannels", unet.latentChannels());
        u.add("channels", ints(unet.channels()));
        u.addProperty("resBlocksPerLevel", unet.resBlocksPerLevel());
        u.add("attentionLevels", ints(unet.attentionLevels()));
        u.addProperty("heads", unet.heads());
        u.addProperty("timeEmbedDim", unet.timeEmbedDim());
        u.addProperty("normGroups", unet.normGroups());
        root.add("unet", u);

        root.add("hypernet", hypernet.deepCopy());

        JsonObject l = new JsonObject();
        l.addProperty("rank", rank);
        l.addProperty("alpha", alpha);
        JsonArray slotArray = new JsonArray();
        for (LoraSlot slot : slots) {
            JsonObject s = new JsonObject();
            s.addProperty("name", slot.name());
            s.addProperty("in", slot.in());
            s.addProperty("out", slot.out());
            s.addProperty("kind", slot.kind() == SlotKind.CONV ? "conv" : "linear");
            s.addProperty("kernel", slot.kernel());
            slotArray.add(s);
        }
        l.add("slots", slotArray);
        root.add("lora", l);

        JsonObject s = new JsonObject();
        s.addProperty("steps", sampler.steps());
        s.addProperty("guidance", sampler.guidance());
        s.addProperty("seed", sampler.seed());
        s.addProperty("schedule", sampler.schedule());
        s.addProperty("trainTimesteps", sampler.trainTimesteps());
        s.addProperty("startFraction", sampler.startFraction());
        s.addProperty("prediction", sampler.prediction().configName());
        root.add("sampler", s);
        return new GsonBuilder().setPrettyPrinting().disableHtmlEscaping().create().toJson(root) + "\n";
    }

    /** Writes {@code folder/model.json}. */
    public void write(Path folder) throws IOException {
        Files.writeString(folder.resolve(FILE_NAME), toJson(), StandardCharsets.UTF_8);
    }

    private static JsonArray ints(List<Integer> values) {
        JsonArray array = new JsonArray();
        values.forEach(array::add);
        return array;
    }
}
