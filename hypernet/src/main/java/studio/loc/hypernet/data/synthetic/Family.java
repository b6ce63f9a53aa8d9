package studio.loc.hypernet.data.synthetic;

import java.util.Objects;
import java.util.Random;
import java.util.function.Function;

/** An {@link EditFamily} defined by a name, a category and a function that draws its parameters. */
record Family(String name, EditCategory category, Function<Random, Edit> sampler) implements EditFamily {

    Family {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(category, "category");
        Objects.requireNonNull(sampler, "sampler");
    }

    @Override
    public Edit sample(Random rng) {
        return sampler.apply(rng);
    }
}
