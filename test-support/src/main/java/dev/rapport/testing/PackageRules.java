package dev.rapport.testing;

import static com.tngtech.archunit.base.DescribedPredicate.not;
import static com.tngtech.archunit.core.domain.JavaClass.Predicates.belongToAnyOf;
import static com.tngtech.archunit.core.domain.JavaClass.Predicates.resideInAPackage;
import static com.tngtech.archunit.core.domain.JavaClass.Predicates.resideInAnyPackage;
import static com.tngtech.archunit.core.domain.JavaClass.Predicates.resideOutsideOfPackage;
import static com.tngtech.archunit.core.domain.properties.CanBeAnnotated.Predicates.annotatedWith;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;
import static org.junit.jupiter.api.DynamicTest.dynamicTest;

import com.tngtech.archunit.base.DescribedPredicate;
import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.domain.JavaMethodCall;
import com.tngtech.archunit.core.domain.JavaModifier;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.lang.ArchRule;
import com.tngtech.archunit.lang.CompositeArchRule;
import java.util.Arrays;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;

/**
 * The package layering of STYLE.md as ArchUnit rules, for one service's main code (not its
 * tests), after thombergs/buckpal's {@code DependencyRuleTests}: {@code domain} is plain Java and
 * knows no other package of the service; {@code api} reaches data through {@code service} and
 * {@code domain}, never {@code persistence} or {@code messaging} directly; {@code persistence} and
 * {@code messaging} know nothing of {@code api}; no two packages depend on each other, directly or
 * round about.
 *
 * <p>A service's {@code PackageRulesTest} runs {@link #tests()}, one test per rule, named for
 * what it holds; a rule is also a method of its own, for a service that can hold only some of
 * them yet. An exception is a method too ({@link #domainMayAlsoUse}, {@link #apiMayMapEntities}),
 * called by the service's test beside the comment that says why.
 */
public final class PackageRules {

    private final String service;
    private final Class<?> domainLibraryUser;
    private final String[] domainLibraries;
    private final boolean apiMapsEntities;

    private PackageRules(String service, Class<?> domainLibraryUser, String[] domainLibraries, boolean apiMapsEntities) {
        this.service = service;
        this.domainLibraryUser = domainLibraryUser;
        this.domainLibraries = domainLibraries;
        this.apiMapsEntities = apiMapsEntities;
    }

    /** The rules for the service whose packages lie below {@code service}, e.g. {@code dev.rapport.session}. */
    public static PackageRules of(String service) {
        return new PackageRules(service, null, new String[0], false);
    }

    /**
     * The same rules, with {@code packages} (ArchUnit patterns such as {@code com.fasterxml.jackson.core..})
     * allowed to the one domain class {@code user} (and its nested classes) besides the JDK: for a
     * plain library the domain truly needs, never a framework.
     */
    public PackageRules domainMayAlsoUse(Class<?> user, String... packages) {
        return new PackageRules(service, user, packages, apiMapsEntities);
    }

    /**
     * The same rules, with {@code api} allowed to read the JPA entities of {@code persistence} that
     * a service hands it (their fields and the instance methods they declare), to map them to JSON.
     * It still touches no other class of {@code persistence}, queries nothing (no static Panache
     * method) and writes nothing ({@code persist}, {@code delete}): what is read and written, and
     * in which transaction, stays the service's.
     */
    public PackageRules apiMayMapEntities() {
        return new PackageRules(service, domainLibraryUser, domainLibraries, true);
    }

    /** Every rule as a test, over the service's main classes imported once. */
    public Stream<DynamicTest> tests() {
        JavaClasses classes = mainClasses();
        return Stream.of(
                dynamicTest("the domain is plain Java", () -> domainIsPlainJava().check(classes)),
                dynamicTest("the domain knows no other package of the service", () -> domainKnowsNoOtherPackage().check(classes)),
                dynamicTest("resources reach tables and topics only through services", () -> apiGoesThroughServices().check(classes)),
                dynamicTest("persistence and messaging know nothing of the api", () -> persistenceAndMessagingKnowNoApi().check(classes)),
                dynamicTest("no two packages depend on each other", () -> packagesAreFreeOfCycles().check(classes)));
    }

    /** The service's main classes, without its tests. */
    public JavaClasses mainClasses() {
        return new ClassFileImporter()
                .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
                .importPackages(service);
    }

    /**
     * The domain depends only on the JDK and itself (and the one allowance of
     * {@link #domainMayAlsoUse}): no Quarkus, Jakarta, SmallRye, Hibernate, Vert.x, Jackson, Kafka
     * or platform-support type, so that its unit tests boot nothing.
     */
    public ArchRule domainIsPlainJava() {
        String because = "the domain is plain Java that unit tests use without booting anything (STYLE.md)";
        DescribedPredicate<JavaClass> domainClasses = resideInAPackage(domain());
        if (domainLibraryUser != null) {
            domainClasses = domainClasses.and(not(belongToAnyOf(domainLibraryUser)));
        }
        ArchRule plain = classes().that(domainClasses)
                .should().onlyDependOnClassesThat(resideInAnyPackage("java..", service + ".."))
                .because(because);
        if (domainLibraryUser == null) {
            return plain;
        }
        String[] allowed = Stream.concat(Stream.of("java..", service + ".."), Arrays.stream(domainLibraries))
                .toArray(String[]::new);
        return CompositeArchRule.of(plain).and(classes().that(belongToAnyOf(domainLibraryUser))
                .should().onlyDependOnClassesThat(resideInAnyPackage(allowed))
                .because(because));
    }

    /** The domain knows no other package of its service: they use it, it uses none of them. */
    public ArchRule domainKnowsNoOtherPackage() {
        return noClasses().that().resideInAPackage(domain())
                .should().dependOnClassesThat(resideInAPackage(service + "..").and(resideOutsideOfPackage(domain())))
                .because("the domain is the centre every other package of the service builds on (STYLE.md)");
    }

    /** Resources map, call a service, map back: they query no table and touch no topic themselves. */
    public ArchRule apiGoesThroughServices() {
        String because = "resources are thin and the transaction boundary is in service (STYLE.md)";
        if (!apiMapsEntities) {
            return noClasses().that().resideInAPackage(layer("api"))
                    .should().dependOnClassesThat().resideInAnyPackage(layer("persistence"), layer("messaging"))
                    .because(because);
        }
        DescribedPredicate<JavaClass> notAnEntity = not(annotatedWith("jakarta.persistence.Entity"));
        return noClasses().that().resideInAPackage(layer("api"))
                .should().dependOnClassesThat(resideInAPackage(layer("messaging"))
                        .or(resideInAPackage(layer("persistence")).and(notAnEntity)))
                .orShould().callMethodWhere(queryOrWriteIn(layer("persistence")))
                .because(because);
    }

    /** Tables and topics are the service's inside; the REST surface is built on them, not the other way. */
    public ArchRule persistenceAndMessagingKnowNoApi() {
        return noClasses().that().resideInAnyPackage(layer("persistence"), layer("messaging"))
                .should().dependOnClassesThat().resideInAPackage(layer("api"))
                .because("a change of the REST contract must not reach the tables or the events");
    }

    /** No package of the service depends on another that depends on it back, directly or through others. */
    public ArchRule packagesAreFreeOfCycles() {
        return slices().matching(service + ".(*)..").should().beFreeOfCycles();
    }

    /**
     * A call on a class of {@code pkg} of anything but an instance method declared there: a static
     * one (a Panache query such as {@code findById}) or one inherited from the framework
     * ({@code persist}, {@code delete}).
     */
    private static DescribedPredicate<JavaMethodCall> queryOrWriteIn(String pkg) {
        return DescribedPredicate.describe("a query or write of a class in " + pkg, call ->
                resideInAPackage(pkg).test(call.getTargetOwner())
                        // unresolved: count it, better a false alarm than none
                        && call.getTarget().resolveMember()
                                .map(m -> m.getModifiers().contains(JavaModifier.STATIC) || !resideInAPackage(pkg).test(m.getOwner()))
                                .orElse(true));
    }

    private String domain() {
        return layer("domain");
    }

    private String layer(String name) {
        return service + "." + name + "..";
    }
}
