package studio.loc.app.gui;

import static com.tngtech.archunit.core.domain.JavaCall.Predicates.target;
import static com.tngtech.archunit.core.domain.JavaClass.Predicates.assignableTo;
import static com.tngtech.archunit.core.domain.properties.HasOwner.Predicates.With.owner;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.Test;
import studio.loc.hypernet.engine.ChangeEngine;
import studio.loc.hypernet.engine.EngineFactory;
import studio.loc.hypernet.engine.PreparedChange;

/**
 * The GUI's own rules on top of {@code studio.loc.app.ArchitectureTest} (which keeps JavaFX inside the GUI):
 * ControlsFX stays there too, the GUI computes nothing itself (no DJL; the engine does the maths), and one class,
 * {@link EngineSession}, makes every call into the engine.
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

    @Test
    void onlyTheEngineSessionCallsTheEngine() {
        noClasses().that().resideInAPackage("studio.loc.app.gui..").and().doNotHaveSimpleName("EngineSession")
                .should().callMethodWhere(target(owner(assignableTo(ChangeEngine.class)
                        .or(assignableTo(PreparedChange.class)).or(assignableTo(EngineFactory.class)))))
                .because("the engine's API is renamed in one place when it moves")
                .check(CLASSES);
    }
}
