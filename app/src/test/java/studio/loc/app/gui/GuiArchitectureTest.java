package studio.loc.app.gui;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.Test;

/**
 * The GUI's own rules on top of {@code studio.loc.app.ArchitectureTest} (which keeps JavaFX inside the GUI):
 * ControlsFX stays there too, and the GUI computes nothing itself (no DJL; the engine does the maths).
 */
class GuiArchitectureTest {

    private static final JavaClasses CLASSES = new ClassFileImporter()
            .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
            .importPackages("studio.loc");

    @Test
    void nothingOutsideTheGuiImportsControlsFx() {
        noClasses().that().resideOutsideOfPackage("studio.loc.app.gui..")
                .should().dependOnClassesThat().resideInAnyPackage("org.controlsfx..")
                .check(CLASSES);
    }

    @Test
    void theGuiDoesNoTensorMaths() {
        noClasses().that().resideInAPackage("studio.loc.app.gui..")
                .should().dependOnClassesThat().resideInAnyPackage("ai.djl..")
                .check(CLASSES);
    }
}
