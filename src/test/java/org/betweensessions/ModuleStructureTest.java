package org.betweensessions;

import static com.tngtech.archunit.base.DescribedPredicate.not;
import static com.tngtech.archunit.core.domain.JavaClass.Predicates.resideInAPackage;
import static com.tngtech.archunit.core.domain.JavaClass.Predicates.resideInAnyPackage;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import java.util.Arrays;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The module map of the README's architecture section, checked on the compiled application (src/
 * and workers/, not the tests). Every top-level package under {@code org.betweensessions} is one
 * module, including any package added later, without listing it here:
 *
 * <ul>
 *   <li>no two modules depend on each other, directly or around a circle;
 *   <li>the foundation modules depend only on each other, never on a feature module;
 *   <li>nothing depends on the entry modules (demo, reconcile, workspace, workers).
 * </ul>
 */
class ModuleStructureTest {

    /** Shared by every feature; a new package is a feature unless it is added here. */
    static final String[] FOUNDATION = {
        "api",
        "audit",
        "calendar",
        "client",
        "clinician",
        "crypto",
        "database",
        "engine",
        "message",
        "notify",
        "outbox",
        "policy",
        "practice",
        "process",
        "security",
        "templates"
    };

    /** Where the application is entered: they may depend on any module, no module on them. */
    static final String[] ENTRY = {"demo", "reconcile", "workspace", "workers"};

    static JavaClasses classes;

    @BeforeAll
    static void importClasses() {
        classes = new ClassFileImporter()
                .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
                .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_JARS)
                .importPackages("org.betweensessions");
    }

    @Test
    void modulesAreFreeOfCycles() {
        slices().matching("org.betweensessions.(*)..")
                .namingSlices("$1")
                .should()
                .beFreeOfCycles()
                .check(classes);
    }

    @Test
    void foundationModulesDependOnlyOnFoundationModules() {
        noClasses()
                .that()
                .resideInAnyPackage(packages(FOUNDATION))
                .should()
                .dependOnClassesThat(
                        resideInAPackage("org.betweensessions..").and(not(resideInAnyPackage(packages(FOUNDATION)))))
                .check(classes);
    }

    @Test
    void nothingDependsOnTheEntryModules() {
        noClasses()
                .that()
                .resideOutsideOfPackages(packages(ENTRY))
                .should()
                .dependOnClassesThat()
                .resideInAnyPackage(packages(ENTRY))
                .check(classes);
    }

    private static String[] packages(String[] modules) {
        return Arrays.stream(modules)
                .map(m -> "org.betweensessions." + m + "..")
                .toArray(String[]::new);
    }
}
