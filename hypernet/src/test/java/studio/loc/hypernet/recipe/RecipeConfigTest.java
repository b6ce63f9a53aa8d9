package studio.loc.hypernet.recipe;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import studio.loc.diffusion.sample.Prediction;

class RecipeConfigTest {

    private static final String STAGES = """
            "name": "r", "imageSize": 64, "seed": 3, "codecCrop": 32,
            "codec": { "steps": 1, "batch": 2, "learningRate": 1e-3, "checkpointEvery": 1 },
            "denoiser": { "steps": 1, "batch": 2, "learningRate": 1e-3, "checkpointEvery": 1 },
            "joint": { "steps": 1, "batch": 2, "learningRate": 1e-3, "checkpointEvery": 1 },
            "hypernetOnly": { "steps": 1, "batch": 2, "learningRate": 1e-3, "checkpointEvery": 1 },
            "pairOnlyFraction": 0.5""";

    @TempDir
    Path tmp;

    @Test
    void termsAndSamplerAreReadWhenGiven() throws Exception {
        RecipeConfig recipe = read("{" + STAGES + """
                , "terms": { "reverse": false, "quad": false },
                "sampler": { "prediction": "v", "steps": 7, "guidance": 1.0, "startFraction": 1.0 } }""");
        assertFalse(recipe.reverse());
        assertFalse(recipe.quad());
        assertEquals(Prediction.V, recipe.sampler().prediction());
        assertEquals(7, recipe.sampler().steps());
        assertEquals(1.0, recipe.sampler().guidance());
        assertEquals(1.0, recipe.sampler().startFraction());
        assertEquals(Prediction.V, recipe.sampler().noiseSchedule().prediction());
    }

    @Test
    void aSession1RecipeKeepsEveryTermAndItsEpsilonSampler() throws Exception {
        RecipeConfig recipe = read("{" + STAGES + "}");
        assertTrue(recipe.reverse());
        assertTrue(recipe.quad());
        assertEquals(RecipeConfig.EPSILON_HALF_WAY, recipe.sampler());
    }

    @Test
    void aRecipeWithoutAFinetuneStageHasNone() throws Exception {
        RecipeConfig recipe = read("{" + STAGES + "}");
        assertFalse(recipe.finetune().runs());
    }

    @Test
    void theFinetuneStageTrainsGUnlessItSaysNot() throws Exception {
        String stage = ", \"finetune\": { \"steps\": 5, \"batch\": 2, \"learningRate\": 1e-5, \"checkpointEvery\": 1";
        RecipeConfig joint = read("{" + STAGES + stage + " } }");
        assertTrue(joint.finetune().runs());
        assertTrue(joint.finetune().trainsDenoiser());
        assertEquals(5, joint.finetune().stage().steps());
        assertEquals(1e-5, joint.finetune().stage().learningRate());
        RecipeConfig alone = read("{" + STAGES + stage + ", \"trainsDenoiser\": false } }");
        assertFalse(alone.finetune().trainsDenoiser());
    }

    @Test
    void anUnknownPredictionIsNamed() throws Exception {
        Path file = write("{" + STAGES + ", \"sampler\": { \"prediction\": \"x0\" } }");
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> RecipeConfig.read(file));
        assertTrue(e.getMessage().contains("x0"), e.getMessage());
    }

    @Test
    void theCommittedRecipesRead() throws Exception {
        Path recipes = Path.of("..", "samples", "recipe");
        try (var files = Files.list(recipes)) {
            for (Path file : files.filter(f -> f.toString().endsWith(".json")).toList()) {
                RecipeConfig recipe = RecipeConfig.read(file);
                assertTrue(recipe.hypernetOnly().steps() > 0, file.toString());
            }
        }
        assertEquals(Prediction.V, RecipeConfig.read(recipes.resolve("default-model.json")).sampler().prediction());
        assertFalse(RecipeConfig.read(recipes.resolve("ablation-no-reverse.json")).reverse());
        assertTrue(RecipeConfig.read(recipes.resolve("ablation-with-reverse.json")).reverse());
    }

    private RecipeConfig read(String json) throws Exception {
        return RecipeConfig.read(write(json));
    }

    private Path write(String json) throws Exception {
        Path file = tmp.resolve("recipe.json");
        Files.writeString(file, json);
        return file;
    }
}
