package dev.rapport.feedback;

import dev.rapport.feedback.domain.InstrumentDefinitionLoader;
import dev.rapport.testing.PackageRules;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

/** STYLE.md's package layering, held by a test rather than by memory (test-support: PackageRules). */
class PackageRulesTest {

    /*
     * Two exceptions, each with its reason:
     * - InstrumentDefinitionLoader reads the instrument definition files with Jackson's tree
     *   model (jackson-core and jackson-databind, no annotations, no binding, no container): the
     *   file format and its errors ("items[2].id is missing", unknown fields refused) are rules of
     *   the instrument, unit-tested without a boot, and Jackson here is a JSON reader, not a
     *   framework. No other domain class may use it.
     * - api reads the Panache entities the services return (FeedbackMapper, SafetyAlertMapper, the
     *   pending sessions): the resource maps what the service read in its own session, as the
     *   Quarkus Panache quickstarts do. A copy of every entity as a domain record would only repeat
     *   their fields; a query from api (a static Panache method) still fails.
     */
    private static final PackageRules RULES = PackageRules.of("dev.rapport.feedback")
            .domainMayAlsoUse(InstrumentDefinitionLoader.class, "com.fasterxml.jackson.core..", "com.fasterxml.jackson.databind..")
            .apiMayMapEntities();

    @TestFactory
    Stream<DynamicTest> thePackagesKeepTheirLayering() {
        return RULES.tests();
    }
}
