package dev.rapport.testing;

import com.atlassian.oai.validator.OpenApiInteractionValidator;
import com.atlassian.oai.validator.model.Request;
import com.atlassian.oai.validator.report.ValidationReport;
import com.atlassian.oai.validator.restassured.RestAssuredRequest;
import com.atlassian.oai.validator.restassured.RestAssuredResponse;
import io.restassured.RestAssured;
import io.restassured.filter.FilterContext;
import io.restassured.filter.OrderedFilter;
import io.restassured.response.Response;
import io.restassured.specification.FilterableRequestSpecification;
import io.restassured.specification.FilterableResponseSpecification;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.reflect.Method;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Collectors;

/**
 * Every REST Assured call of the tests checked against the OpenAPI document of the service it
 * calls (its own {@code /q/openapi}): the request (unless the test {@link SendsInvalidRequests})
 * and the response, whose status, headers and body the document must describe. A mismatch fails
 * the call with the validator's report. Counts go to {@code target/openapi-validation.txt}.
 *
 * <p>Installed for every {@code @QuarkusTest} by {@link OpenApiValidationCallback} and for plain
 * JUnit tests (the e2e suite) by {@link OpenApiValidationExtension}.
 */
public final class OpenApiValidation {

    static final Path REPORT = Path.of("target", "openapi-validation.txt");
    private static final int REQUESTS = 0;
    private static final int RESPONSES = 1;
    private static final int FAILED = 2;
    private static final int RESPONSES_ONLY = 3;
    // Kept in the system properties, whose classes the JDK loads: Quarkus loads the tests anew for
    // every restart of the application, and with them this class; the counts are the JVM's.
    private static final String COUNTS = "rapport.openapi-validation.counts";
    private static final String MISMATCHES = "rapport.openapi-validation.mismatches";

    private static final Map<String, OpenApiInteractionValidator> VALIDATORS = new ConcurrentHashMap<>();
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private static final Filter FILTER = new Filter();
    private static volatile boolean responsesOnly;

    private OpenApiValidation() {}

    /** Before each test: validate its calls, only their responses if it sends invalid requests on purpose. */
    public static void begin(Class<?> testClass, Method testMethod) {
        responsesOnly = testClass.isAnnotationPresent(SendsInvalidRequests.class)
                || testMethod != null && testMethod.isAnnotationPresent(SendsInvalidRequests.class);
        counts();
        RestAssured.replaceFiltersWith(FILTER);
    }

    /** After each test: the counts so far, for the build's report. */
    public static void end() {
        RestAssured.replaceFiltersWith(java.util.List.of());
        responsesOnly = false;
        writeReport();
    }

    /** Calls that break the document on purpose, within a test that otherwise sends valid ones: only their responses are checked. */
    public static void invalidRequests(Runnable calls) {
        boolean before = responsesOnly;
        responsesOnly = true;
        try {
            calls.run();
        } finally {
            responsesOnly = before;
        }
    }

    public static io.restassured.filter.Filter filter() {
        return FILTER;
    }

    /*
     * The counts and mismatches live in system properties so that every Quarkus application of the
     * run (each test profile restarts it in a class loader of its own) adds to the same ones; as
     * strings only: a value of another type in the system properties breaks libraries that copy
     * them (Narayana, at the next application start).
     */
    private static final Object SHARED = System.getProperties();
    private static final String SEPARATOR = "\u0001";

    static long[] counts() {
        synchronized (SHARED) {
            String value = System.getProperty(COUNTS);
            if (value == null) {
                try {
                    Files.deleteIfExists(REPORT); // a report of an earlier run, not this one's
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
                value = "0,0,0,0";
                System.setProperty(COUNTS, value);
            }
            return java.util.Arrays.stream(value.split(",")).mapToLong(Long::parseLong).toArray();
        }
    }

    private static void count(int... indexes) {
        synchronized (SHARED) {
            long[] counts = counts();
            for (int index : indexes) {
                counts[index]++;
            }
            System.setProperty(COUNTS, java.util.Arrays.stream(counts).mapToObj(Long::toString).collect(Collectors.joining(",")));
        }
    }

    static Set<String> mismatches() {
        String value = System.getProperty(MISMATCHES, "");
        return value.isEmpty() ? Set.of() : Set.of(value.split(SEPARATOR));
    }

    private static void mismatch(String mismatch) {
        synchronized (SHARED) {
            String value = System.getProperty(MISMATCHES, "");
            if (!Set.of(value.split(SEPARATOR)).contains(mismatch)) {
                System.setProperty(MISMATCHES, value.isEmpty() ? mismatch : value + SEPARATOR + mismatch);
            }
        }
    }

    static synchronized void writeReport() {
        long[] counts = counts();
        StringBuilder report = new StringBuilder()
                .append("responses validated: ").append(counts[RESPONSES]).append('\n')
                .append("requests validated: ").append(counts[REQUESTS]).append('\n')
                .append("responses of deliberately invalid requests (request not validated): ")
                .append(counts[RESPONSES_ONLY]).append('\n')
                .append("failed: ").append(counts[FAILED]).append('\n');
        new TreeSet<>(mismatches()).forEach(m -> report.append("mismatch: ").append(m).append('\n'));
        try {
            Files.createDirectories(REPORT.getParent());
            Files.writeString(REPORT, report);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static OpenApiInteractionValidator validatorFor(URI uri) {
        String base = uri.getScheme() + "://" + uri.getHost() + ":" + uri.getPort();
        return VALIDATORS.computeIfAbsent(base, OpenApiValidation::load);
    }

    private static OpenApiInteractionValidator load(String base) {
        try {
            HttpResponse<String> document = HTTP.send(HttpRequest.newBuilder(URI.create(base + "/q/openapi?format=json"))
                    .timeout(Duration.ofSeconds(10)).build(), HttpResponse.BodyHandlers.ofString());
            if (document.statusCode() != 200) {
                throw new IllegalStateException(base + "/q/openapi answered " + document.statusCode());
            }
            return OpenApiInteractionValidator.createForInlineApiSpecification(document.body()).build();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** Last of the filters, so that it sees the request as sent. */
    static final class Filter implements OrderedFilter {

        @Override
        public Response filter(FilterableRequestSpecification request, FilterableResponseSpecification responseSpec,
                               FilterContext context) {
            URI uri = URI.create(request.getURI());
            if (!uri.getPath().startsWith("/api/")) {
                return context.next(request, responseSpec);
            }
            OpenApiInteractionValidator validator = validatorFor(uri);
            boolean checkRequest = !responsesOnly;
            Request sent = RestAssuredRequest.of(request);
            Response response = context.next(request, responseSpec);
            ValidationReport report = checkRequest
                    ? validator.validate(sent, RestAssuredResponse.of(response))
                    : validator.validateResponse(sent.getPath(), sent.getMethod(), RestAssuredResponse.of(response));
            if (report.hasErrors()) {
                count(RESPONSES, checkRequest ? REQUESTS : RESPONSES_ONLY, FAILED);
                String messages = report.getMessages().stream()
                        .filter(m -> m.getLevel() == ValidationReport.Level.ERROR)
                        .map(m -> m.getKey() + ": " + m.getMessage())
                        .collect(Collectors.joining("; "));
                String call = request.getMethod() + " " + uri.getPath() + " → " + response.statusCode();
                mismatch(call + ": " + messages);
                throw new AssertionError("The call does not match the OpenAPI document of " + uri.getHost() + ":" + uri.getPort()
                        + "\n  " + call + "\n  " + messages.replace("; ", "\n  "));
            }
            count(RESPONSES, checkRequest ? REQUESTS : RESPONSES_ONLY);
            return response;
        }

        @Override
        public int getOrder() {
            return LOWEST_PRECEDENCE;
        }
    }
}
