package studio.loc.hypernet.eval;

import java.nio.file.Path;
import java.util.Objects;

/**
 * One (A, A', B, B') example of the development set: the same edit made by a real tool on two different photos.
 *
 * @param edit     edit name, e.g. {@code im_sepia_tone}
 * @param category edit family used to group scores, e.g. {@code color_grade}
 * @param index    the quad's number within its edit ({@code <edit>/<index>/})
 */
public record DevsetQuad(String edit, String category, int index, Path a, Path aEdit, Path b, Path bEdit) {

    public DevsetQuad {
        Objects.requireNonNull(edit, "edit");
        Objects.requireNonNull(category, "category");
        Objects.requireNonNull(a, "a");
        Objects.requireNonNull(aEdit, "aEdit");
        Objects.requireNonNull(b, "b");
        Objects.requireNonNull(bEdit, "bEdit");
    }

    /** {@code <edit>/<index>}, the quad's folder relative to the set. */
    public String id() {
        return edit + "/" + index;
    }
}
