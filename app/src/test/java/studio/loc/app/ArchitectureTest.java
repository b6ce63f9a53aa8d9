package studio.loc.app;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** DESIGN.md's dependency rules, enforced: the layers only look down, and only the GUI knows JavaFX. */
class ArchitectureTest {

    private static JavaClasses classes;

    @BeforeAll
    static void importProductionClasses() {
        classes = new ClassFileImporter()
                .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
                .importPackages("studio.loc");
    }

    @Test
    void diffusionImportsNeitherHypernetNorApp() {
        noClasses().that().resideInAPackage("studio.loc.diffusion..")
                .should().dependOnClassesThat().resideInAnyPackage("studio.loc.hypernet..", "studio.loc.app..")
                .check(classes);
    }

    @Test
    void hypernetDoesNotImportApp() {
        noClasses().that().resideInAPackage("studio.loc.hypernet..")
                .should().dependOnClassesThat().resideInAPackage("studio.loc.app..")
                .check(classes);
    }

    @Test
    void onlyTheGuiTouchesJavaFx() {
        noClasses().that().resideOutsideOfPackage("studio.loc.app.gui..")
                .should().dependOnClassesThat().resideInAPackage("javafx..")
                .check(classes);
    }

    @Test
    void coreCodeDoesNotTouchPicocli() {
        noClasses().that().resideInAnyPackage("studio.loc.diffusion..", "studio.loc.hypernet..", "studio.loc.app.gui..")
                .should().dependOnClassesThat().resideInAPackage("picocli..")
                .check(classes);
    }
}
