package studio.loc.hypernet.data.synthetic;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.HashSet;
import java.util.Random;
import java.util.Set;
import org.junit.jupiter.api.Test;

class EditCatalogTest {

    @Test
    void hasAtLeastThirtyDistinctFamilies() {
        Set<String> names = new HashSet<>();
        EditCatalog.all().forEach(f -> names.add(f.name()));
        assertEquals(EditCatalog.all().size(), names.size());
        assertTrue(names.size() >= 30, "only " + names.size() + " families");
    }

    @Test
    void everyCategoryHasAtLeastTwoFamilies() {
        for (EditCategory category : EditCategory.values()) {
            assertTrue(EditCatalog.inCategory(category).size() >= 2, category + " has too few families");
        }
    }

    @Test
    void findsFamiliesByName() {
        for (EditFamily family : EditCatalog.all()) {
            assertSame(family, EditCatalog.byName(family.name()));
        }
        IllegalArgumentException error = assertThrows(IllegalArgumentException.class,
                () -> EditCatalog.byName("no_such_edit"));
        assertTrue(error.getMessage().contains("gaussian_blur"), "the message lists the known names");
    }

    @Test
    void sampleAnyReachesEveryFamilyAndDependsOnTheSeed() {
        Set<String> seen = new HashSet<>();
        Random rng = new Random(1);
        for (int i = 0; i < 2000; i++) {
            String description = EditCatalog.sampleAny(rng).describe();
            seen.add(description.substring(0, description.indexOf('(')));
        }
        assertEquals(EditCatalog.all().size(), seen.size());
        assertNotEquals(EditCatalog.sampleAny(new Random(1)).describe(), EditCatalog.sampleAny(new Random(2)).describe());
    }

    @Test
    void categoryBalancedPickingSeesEveryCategoryAboutEquallyOften() {
        java.util.Map<EditCategory, Integer> counts = new java.util.EnumMap<>(EditCategory.class);
        Random rng = new Random(8);
        int draws = 6000;
        for (int i = 0; i < draws; i++) {
            counts.merge(EditCatalog.pickCategoryBalanced(rng).category(), 1, Integer::sum);
        }
        for (EditCategory category : EditCategory.values()) {
            int count = counts.getOrDefault(category, 0);
            assertTrue(Math.abs(count - draws / 6) < 150, category + " drawn " + count + " times of " + draws);
        }
    }

    @Test
    void descriptionsNameTheFamilyAndParameters() {
        for (EditFamily family : EditCatalog.all()) {
            String text = family.sample(new Random(3)).describe();
            assertTrue(text.startsWith(family.name() + "("), text);
            assertTrue(text.contains("="), "parameters shown: " + text);
        }
    }
}
