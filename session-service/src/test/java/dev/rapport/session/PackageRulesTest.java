package dev.rapport.session;

import com.tngtech.archunit.core.domain.JavaClasses;
import dev.rapport.testing.PackageRules;
import org.junit.jupiter.api.Test;

/** STYLE.md's package layering, held by a test rather than by memory (test-support: PackageRules). */
class PackageRulesTest {

    /*
     * api reads the Panache entities SessionService and ErasureService return (SessionJson.of,
     * ErasureJson.of, SessionRecord.involves): the resource maps what the service read in its own
     * session, as the Quarkus Panache quickstarts do. A copy of every entity as a domain record
     * would only repeat their fields; a query from api (a static Panache method) still fails.
     */
    private static final PackageRules RULES = PackageRules.of("dev.rapport.session").apiMayMapEntities();
    private static final JavaClasses CLASSES = RULES.mainClasses();

    @Test
    void theDomainIsPlainJava() {
        RULES.domainIsPlainJava().check(CLASSES);
    }

    @Test
    void theDomainKnowsNoOtherPackageOfTheService() {
        RULES.domainKnowsNoOtherPackage().check(CLASSES);
    }

    @Test
    void resourcesReachTablesAndTopicsOnlyThroughServices() {
        RULES.apiGoesThroughServices().check(CLASSES);
    }

    @Test
    void persistenceAndMessagingKnowNothingOfTheApi() {
        RULES.persistenceAndMessagingKnowNoApi().check(CLASSES);
    }

    @Test
    void noTwoPackagesDependOnEachOther() {
        RULES.packagesAreFreeOfCycles().check(CLASSES);
    }
}
