package studio.loc.app.gui;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Optional;
import org.junit.jupiter.api.Test;
import studio.loc.hypernet.engine.FittedPartSummary;

/** The engine's summary of how a change is made, said in a photographer's words. */
class CarriedByWordsTest {

    @Test
    void aChangeTheModelCarriesIsRetouching() {
        assertEquals("the model retouches all of it", CarriedByWords.describe(FittedPartSummary.of(Optional.empty())));
    }

    @Test
    void fittedPartsBecomeColourToneSharpnessAndLight() {
        assertEquals("it is colour and tone only, matched exactly on your example",
                CarriedByWords.describe("a colour table fitted on the pair carries all of it"));
        assertEquals("sharpness, colour and tone and light across the frame make 64 % of it, the model's retouching"
                        + " the rest",
                CarriedByWords.describe("a filter, a colour table and a gain map over the frame fitted on the pair "
                        + "carry 64 % of it, the diffusion model the rest"));
    }

    @Test
    void anUnknownSummaryIsShownAsItIs() {
        assertEquals("something new", CarriedByWords.describe("something new"));
        assertEquals("", CarriedByWords.describe(""));
    }
}
