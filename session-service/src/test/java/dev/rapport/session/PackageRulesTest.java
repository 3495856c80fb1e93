package dev.rapport.session;

import dev.rapport.testing.PackageRules;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

/** STYLE.md's package layering, held by a test rather than by memory (test-support: PackageRules). */
class PackageRulesTest {

    /*
     * api reads the Panache entities SessionService and ErasureService return (SessionJson.of,
     * ErasureJson.of, SessionRecord.involves): the resource maps what the service read in its own
     * session, as the Quarkus Panache quickstarts do. A copy of every entity as a domain record
     * would only repeat their fields; a query from api (a static Panache method) still fails.
     */
    private static final PackageRules RULES = PackageRules.of("dev.rapport.session").apiMayMapEntities();

    @TestFactory
    Stream<DynamicTest> thePackagesKeepTheirLayering() {
        return RULES.tests();
    }
}
