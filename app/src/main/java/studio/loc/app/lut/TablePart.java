package studio.loc.app.lut;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import studio.loc.diffusion.colour.Lut3d;
import studio.loc.diffusion.pairfit.FittedBlend;
import studio.loc.diffusion.pairfit.FittedChange;

/**
 * The part of a change that a colour table can hold: its fitted colour table at a strength, and, in words, what
 * the table leaves out (a filter, a gain map over the frame, the diffusion model's share), so an exported look
 * never claims to be the whole change.
 *
 * @param table   the change's colour table at the strength
 * @param leftOut what the change does beyond the table, one phrase each; empty when the table is all of it
 */
public record TablePart(Lut3d table, List<String> leftOut) {

    public TablePart {
        leftOut = List.copyOf(leftOut);
    }

    /**
     * The table part of a change's fitted part at {@code strength}.
     *
     * @throws LutFileException when the change has no fitted part: nothing of it is a colour table
     */
    public static TablePart of(Optional<FittedChange> fitted, double strength, String changeName)
            throws LutFileException {
        if (fitted.isEmpty() || fitted.get().share() <= 0) {
            throw new LutFileException("The change \"" + changeName + "\" is carried by the diffusion model alone;"
                    + " it has no colour table to export.");
        }
        FittedChange part = fitted.get();
        FittedBlend blend = part.at(strength);
        List<String> leftOut = new ArrayList<>();
        if (!blend.filter().isIdentity()) {
            leftOut.add("its filter (a blur, sharpening or glow: a table maps colours, not neighbourhoods)");
        }
        if (!blend.gain().isIdentity()) {
            leftOut.add("its gain map over the frame (a vignette or graduated filter: a table does not know where a"
                    + " pixel is)");
        }
        if (part.share() < 1) {
            leftOut.add(String.format(Locale.ROOT, "the diffusion model's part (%.0f %% of the change; the table "
                    + "carries the other %.0f %%, exported here at full strength)", 100 * (1 - part.share()),
                    100 * part.share()));
        }
        return new TablePart(blend.table(), leftOut);
    }

    /** One sentence for the user: all of the change, or what is missing. */
    public String summary() {
        if (leftOut.isEmpty()) {
            return "The table holds all of this change.";
        }
        return "The table holds the change's colour table only; it leaves out " + String.join("; ", leftOut) + ".";
    }
}
