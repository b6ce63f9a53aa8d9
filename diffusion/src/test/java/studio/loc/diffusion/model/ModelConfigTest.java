package studio.loc.diffusion.model;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import org.junit.jupiter.api.Test;
import studio.loc.diffusion.sample.Prediction;

class ModelConfigTest {

    private static JsonObject tinyJson() {
        return JsonParser.parseString(TinyModels.config().toJson()).getAsJsonObject();
    }

    private static String messageFor(JsonObject json) {
        return assertThrows(ModelFormatException.class, () -> ModelConfig.parse(json.toString())).getMessage();
    }

    @Test
    void roundTripsAndToleratesUnknownFields() throws ModelFormatException {
        ModelConfig config = TinyModels.config();
        assertEquals(config, ModelConfig.parse(config.toJson()));
        JsonObject json = tinyJson();
        json.addProperty("futureField", "ignored");
        json.getAsJsonObject("unet").addProperty("dropout", 0.1);
        ModelConfig parsed = ModelConfig.parse(json.toString());
        assertEquals(config, parsed);
        assertEquals(16, parsed.hypernet().get("width").getAsInt());
        assertEquals("down.0.res.0.conv1", parsed.slots().getFirst().name());
    }

    @Test
    void thePredictionRoundTripsAndAModelThatDoesNotSayPredictsNoise() throws ModelFormatException {
        JsonObject json = tinyJson();
        json.getAsJsonObject("sampler").addProperty("prediction", "v");
        ModelConfig velocity = ModelConfig.parse(json.toString());
        assertEquals(Prediction.V, velocity.sampler().prediction());
        assertEquals(Prediction.V, velocity.sampler().noiseSchedule().prediction());
        assertEquals(velocity, ModelConfig.parse(velocity.toJson()));

        json.getAsJsonObject("sampler").remove("prediction");
        assertEquals(Prediction.EPSILON, ModelConfig.parse(json.toString()).sampler().prediction());

        json.getAsJsonObject("sampler").addProperty("prediction", "x0");
        assertTrue(messageFor(json).contains("x0"), messageFor(json));
    }

    @Test
    void missingOrInvalidFieldsAreNamed() {
        JsonObject noHeads = tinyJson();
        noHeads.getAsJsonObject("unet").remove("heads");
        assertTrue(messageFor(noHeads).contains("\"unet.heads\" is missing"), messageFor(noHeads));

        JsonObject badKind = tinyJson();
        badKind.getAsJsonObject("lora").getAsJsonArray("slots").get(2).getAsJsonObject().addProperty("kind", "dense");
        assertTrue(messageFor(badKind).contains("lora.slots[2].kind"), messageFor(badKind));

        JsonObject textSize = tinyJson();
        textSize.addProperty("imageSize", "big");
        assertTrue(messageFor(textSize).contains("\"imageSize\" must be a number"), messageFor(textSize));

        JsonObject oddSize = tinyJson();
        oddSize.addProperty("imageSize", 18);
        assertTrue(messageFor(oddSize).contains("imageSize 18"), messageFor(oddSize));

        JsonObject fraction = tinyJson();
        fraction.getAsJsonObject("lora").addProperty("rank", 2.5);
        assertTrue(messageFor(fraction).contains("\"lora.rank\" must be a whole number"), messageFor(fraction));

        JsonObject badSum = tinyJson();
        JsonObject sums = new JsonObject();
        sums.addProperty("unet.safetensors", "abc");
        badSum.add("sha256", sums);
        assertTrue(messageFor(badSum).contains("sha256.unet.safetensors"), messageFor(badSum));

        assertTrue(assertThrows(ModelFormatException.class, () -> ModelConfig.parse("{ not json"))
                .getMessage().contains("not valid JSON"));
    }
}
