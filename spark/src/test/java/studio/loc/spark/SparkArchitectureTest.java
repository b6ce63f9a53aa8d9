package studio.loc.spark;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.core.importer.Location;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.jar.JarFile;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import studio.loc.app.LocStudio;
import studio.loc.diffusion.image.Picture;
import studio.loc.hypernet.engine.ChangeEngine;

/** The Spark job sits on top: it uses the core modules, they never know it, and it never touches the GUI. */
class SparkArchitectureTest {

    private static JavaClasses classes;

    /** Imports just the four modules' class folders or jars: scanning Spark's whole class path takes long. */
    @BeforeAll
    static void importProductionClasses() throws Exception {
        List<Location> modules = new ArrayList<>();
        for (Class<?> member : List.of(ApplyChangeJob.class, LocStudio.class, ChangeEngine.class, Picture.class)) {
            Path module = Path.of(member.getProtectionDomain().getCodeSource().getLocation().toURI());
            modules.add(Files.isDirectory(module) ? Location.of(module) : Location.of(new JarFile(module.toFile())));
        }
        classes = new ClassFileImporter()
                .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
                .importLocations(modules);
        assertTrue(classes.contain(LocStudio.class) && classes.contain(Picture.class), "the core modules are in");
    }

    @Test
    void theCoreModulesNeverDependOnTheSparkJob() {
        noClasses().that().resideInAnyPackage("studio.loc.diffusion..", "studio.loc.hypernet..", "studio.loc.app..")
                .should().dependOnClassesThat().resideInAPackage("studio.loc.spark..")
                .check(classes);
    }

    @Test
    void onlyTheSparkJobKnowsSparkOrHadoop() {
        noClasses().that().resideOutsideOfPackage("studio.loc.spark..")
                .should().dependOnClassesThat().resideInAnyPackage("org.apache.spark..", "org.apache.hadoop..")
                .check(classes);
    }

    @Test
    void theSparkJobNeverTouchesTheGui() {
        noClasses().that().resideInAPackage("studio.loc.spark..")
                .should().dependOnClassesThat().resideInAnyPackage("studio.loc.app.gui..", "javafx..")
                .check(classes);
    }

    @Test
    void thePerPhotoWorkDoesNotDependOnSpark() {
        noClasses().that().haveSimpleName("PhotoEditor").or().haveSimpleName("OutputNames")
                .should().dependOnClassesThat().resideInAPackage("org.apache.spark..")
                .check(classes);
    }
}
