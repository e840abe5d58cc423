package dev.streamvcr;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.Test;

/**
 * Keeps the package graph as the README draws it: no cycles between any two packages; features depend on the floors
 * below them and never the other way; the protocol libraries ({@code rtmp}, {@code flv}, {@code hls}) and the ffmpeg
 * wrapper stand alone, free of Quarkus and Jakarta, usable outside the application.
 */
class ArchitectureTest {

    /** Application features: pages, API and services. */
    private static final String[] FEATURES = {"dev.streamvcr.account..", "dev.streamvcr.audit..",
        "dev.streamvcr.reservation..", "dev.streamvcr.recording..", "dev.streamvcr.schedule..", "dev.streamvcr.site..",
        "dev.streamvcr.preview", "dev.streamvcr.notify.."};
    /** Libraries usable outside the application. */
    private static final String[] LIBRARIES = {"dev.streamvcr.rtmp..", "dev.streamvcr.flv..", "dev.streamvcr.hls..",
        "dev.streamvcr.preview.media..", "dev.streamvcr.preview.trace.."};
    /** What the libraries may not know: the application's frameworks. */
    private static final String[] FRAMEWORKS = {"io.quarkus..", "jakarta..", "javax.enterprise..", "javax.inject..",
        "org.eclipse.microprofile..", "io.smallrye..", "org.jboss.."};

    private static final JavaClasses MAIN = new ClassFileImporter()
            .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS).importPackages("dev.streamvcr");

    @Test
    void noTwoPackagesDependOnEachOther() {
        slices().matching("dev.streamvcr.(**)").should().beFreeOfCycles().check(MAIN);
    }

    @Test
    void floorsBelowTheFeaturesKnowNoFeature() {
        noClasses().that().resideInAnyPackage("dev.streamvcr.web..", "dev.streamvcr.config..",
                "dev.streamvcr.storage..", "dev.streamvcr.outbound..")
                .should().dependOnClassesThat().resideInAnyPackage(FEATURES).check(MAIN);
    }

    @Test
    void webKnowsNothingOfTheApplicationButConfig() {
        noClasses().that().resideInAPackage("dev.streamvcr.web..").should().dependOnClassesThat()
                .resideInAnyPackage(FEATURES).orShould().dependOnClassesThat().resideInAnyPackage(LIBRARIES)
                .orShould().dependOnClassesThat().resideInAnyPackage("dev.streamvcr.storage..",
                        "dev.streamvcr.outbound..")
                .check(MAIN);
    }

    @Test
    void librariesUseNoApplicationFramework() {
        noClasses().that().resideInAnyPackage(LIBRARIES).should().dependOnClassesThat().resideInAnyPackage(FRAMEWORKS)
                .check(MAIN);
    }

    @Test
    void librariesKnowNoOtherPartOfTheApplication() {
        noClasses().that().resideInAnyPackage(LIBRARIES).should().dependOnClassesThat().resideInAnyPackage(FEATURES)
                .orShould().dependOnClassesThat().resideInAnyPackage("dev.streamvcr.web..", "dev.streamvcr.config..",
                        "dev.streamvcr.storage..", "dev.streamvcr.outbound..")
                .check(MAIN);
    }
}
