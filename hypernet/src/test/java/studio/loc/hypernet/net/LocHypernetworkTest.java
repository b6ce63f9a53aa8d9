package studio.loc.hypernet.net;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.GradientCollector;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import java.util.List;
import org.junit.jupiter.api.Test;
import studio.loc.diffusion.lora.LoraSet;
import studio.loc.diffusion.lora.LoraSlot;

class LocHypernetworkTest {

    static final List<LoraSlot> SLOTS = List.of(
            LoraSlot.conv("down.0.conv", 4, 8, 3),
            LoraSlot.linear("mid.attn.q", 8, 8),
            LoraSlot.linear("mid.attn.k", 8, 8),
            LoraSlot.conv("out.conv", 8, 4, 1));

    @Test
    void freshNetworkEmitsAnExactlyZeroLoraOfTheSlotShapes() {
        try (NDManager m = NDManager.newBaseManager();
             LocHypernetwork h = LocHypernetwork.create(m, HypernetConfig.tiny(), SLOTS, 1)) {
            NDArray a = m.randomUniform(-1, 1, new Shape(3, 3, 16, 16));
            NDArray b = m.randomUniform(-1, 1, new Shape(3, 3, 16, 16));
            LoraSet lora = h.forward(a, b);
            int r = HypernetConfig.tiny().rank();
            assertEquals(r, lora.rank());
            for (LoraSlot slot : SLOTS) {
                LoraSet.Factors f = lora.get(slot.name());
                assertEquals(new Shape(3, r, slot.downColumns()), f.down().getShape(), slot.name());
                assertEquals(new Shape(3, slot.out(), r), f.up().getShape(), slot.name());
                assertEquals(0f, f.up().abs().max().getFloat(), slot.name() + " up must start at zero");
                assertTrue(f.down().abs().max().getFloat() > 0, slot.name() + " down must start random");
                // The delta a slot adds to G is up·down·x: exactly zero for any input.
                NDArray delta = f.up().batchMatMul(f.down());
                assertEquals(0f, delta.abs().max().getFloat());
            }
        }
    }

    @Test
    void theFirstBackwardPassReachesTheUpHeads() {
        try (NDManager m = NDManager.newBaseManager();
             LocHypernetwork h = LocHypernetwork.create(m, HypernetConfig.tiny(), SLOTS, 2)) {
            h.parameters().trainable();
            NDArray a = m.randomUniform(-1, 1, new Shape(2, 3, 16, 16));
            NDArray b = m.randomUniform(-1, 1, new Shape(2, 3, 16, 16));
            try (GradientCollector gc = Engine.getInstance().newGradientCollector()) {
                LoraSet lora = h.forward(a, b);
                LoraSet.Factors f = lora.get("mid.attn.q");
                NDArray x = m.randomNormal(new Shape(2, 8, 5));
                // A loss linear in the LoRA's effect, as a diffusion loss is to first order around zero.
                NDArray effect = f.up().batchMatMul(f.down().batchMatMul(x));
                NDArray loss = effect.mul(m.randomNormal(effect.getShape())).sum();
                gc.backward(loss);
            }
            float upGrad = h.parameters().get("heads.up_8.weight").getGradient().abs().sum().getFloat();
            assertTrue(upGrad > 0, "the up head must receive a gradient");
        }
    }

    @Test
    void differentPairsCanGiveDifferentLorasOnceTheHeadsAreNonZero() {
        try (NDManager m = NDManager.newBaseManager();
             LocHypernetwork h = LocHypernetwork.create(m, HypernetConfig.tiny(), SLOTS, 3)) {
            h.parameters().get("heads.up_8.weight").set(m.randomNormal(new Shape(16, 16)).toFloatArray());
            NDArray a = m.randomUniform(-1, 1, new Shape(1, 3, 16, 16));
            NDArray darker = a.sub(0.5f);
            NDArray flipped = a.flip(3);
            NDArray up1 = h.forward(a, darker).get("mid.attn.q").up();
            NDArray up2 = h.forward(a, flipped).get("mid.attn.q").up();
            assertTrue(up1.sub(up2).abs().max().getFloat() > 1e-4f);
        }
    }

    @Test
    void identityReferencedHeadsGiveTheZeroLoraForAnUnchangedPairWhateverTheirWeights() {
        HypernetConfig plain = HypernetConfig.fromJson(HypernetConfig.tiny().toJson());
        assertTrue(plain.identityReferenced());
        HypernetConfig withBias = HypernetConfig.fromJson(JsonParser.parseString(
                HypernetConfig.tiny().toJson().toString().replace("\"identityReferenced\":true",
                        "\"identityReferenced\":false")).getAsJsonObject());
        for (HypernetConfig config : List.of(plain, withBias)) {
            try (NDManager m = NDManager.newBaseManager();
                 LocHypernetwork h = LocHypernetwork.create(m, config, SLOTS, 6)) {
                h.parameters().get("heads.up_8.weight").set(m.randomNormal(new Shape(16, 16)).toFloatArray());
                h.parameters().get("heads.up_8.bias").set(m.randomNormal(new Shape(16)).toFloatArray());
                NDArray a = m.randomUniform(-1, 1, new Shape(2, 3, 16, 16));
                float unchanged = h.forward(a, a).get("mid.attn.q").up().abs().max().getFloat();
                float changed = h.forward(a, a.sub(0.5f)).get("mid.attn.q").up().abs().max().getFloat();
                assertTrue(changed > 1e-3f, "a changed pair gives a LoRA");
                if (config.identityReferenced()) {
                    assertEquals(0f, unchanged, "no change in, no change out");
                } else {
                    assertTrue(unchanged > 1e-3f, "plain heads emit their bias even for an unchanged pair");
                }
            }
        }
    }

    @Test
    void pairsOfAnotherSizeAreResizedAndMismatchedPairsRefused() {
        try (NDManager m = NDManager.newBaseManager();
             LocHypernetwork h = LocHypernetwork.create(m, HypernetConfig.tiny(), SLOTS, 4)) {
            NDArray a = m.randomUniform(-1, 1, new Shape(2, 3, 24, 20));
            LoraSet lora = h.forward(a, a.neg());
            assertEquals(new Shape(2, 2, 36), lora.get("down.0.conv").down().getShape());
            assertThrows(IllegalArgumentException.class,
                    () -> h.forward(a, m.zeros(new Shape(2, 3, 16, 16))));
        }
    }

    @Test
    void aForwardPassInAChildManagerLeavesNothingInTheStore() {
        try (NDManager m = NDManager.newBaseManager();
             LocHypernetwork h = LocHypernetwork.create(m, HypernetConfig.tiny(), SLOTS, 5)) {
            int stored = h.parameters().manager().getManagedArrays().size();
            try (NDManager step = m.newSubManager()) {
                NDArray a = step.randomUniform(-1, 1, new Shape(2, 3, 20, 20));
                h.forward(a, a.neg()).get("out.conv").up().toFloatArray();
            }
            assertEquals(stored, h.parameters().manager().getManagedArrays().size());
        }
    }

    @Test
    void configParsesFromModelJsonWithDefaultsAndRoundTrips() {
        JsonObject json = JsonParser.parseString("{\"imageSize\": 32, \"patchSize\": 4, \"rank\": 8}")
                .getAsJsonObject();
        HypernetConfig config = HypernetConfig.fromJson(json);
        assertEquals(32, config.imageSize());
        assertEquals(8, config.rank());
        assertEquals(HypernetConfig.defaultConfig().width(), config.width());
        assertEquals(config, HypernetConfig.fromJson(config.toJson()));
        assertThrows(IllegalArgumentException.class,
                () -> HypernetConfig.fromJson(JsonParser.parseString("{\"patchSize\": 7}").getAsJsonObject()));
        assertThrows(IllegalArgumentException.class,
                () -> HypernetConfig.fromJson(JsonParser.parseString("{\"width\": \"wide\"}").getAsJsonObject()));
        assertEquals(false, config.identityReferenced(), "a model.json that does not say has plain heads");
        assertThrows(IllegalArgumentException.class, () -> HypernetConfig.fromJson(
                JsonParser.parseString("{\"identityReferenced\": \"yes\"}").getAsJsonObject()));
    }
}
