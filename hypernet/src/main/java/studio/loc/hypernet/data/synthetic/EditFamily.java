package studio.loc.hypernet.data.synthetic;

import java.util.Random;

/** A kind of edit (say, gaussian blur) whose parameters (the sigma) are drawn at random for each training sample. */
public interface EditFamily {

    /** A stable snake_case name, unique in {@link EditCatalog}. */
    String name();

    EditCategory category();

    /** Draws the parameters once; the returned edit is then a fixed, deterministic function. */
    Edit sample(Random rng);
}
