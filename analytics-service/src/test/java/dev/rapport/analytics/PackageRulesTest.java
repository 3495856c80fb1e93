package dev.rapport.analytics;

import dev.rapport.testing.PackageRules;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

/**
 * STYLE.md's package layering, held by a test rather than by memory (test-support: PackageRules).
 * Beside STYLE.md's packages analytics has {@code events} (the topics' records, read by service
 * and messaging), {@code view} (the published views: REST bodies and alliance-metrics' data) and
 * {@code rebuild}; the rules hold them too, and no two packages depend on each other.
 */
class PackageRulesTest {

    @TestFactory
    Stream<DynamicTest> thePackagesKeepTheirLayering() {
        return PackageRules.of("dev.rapport.analytics").tests();
    }
}
