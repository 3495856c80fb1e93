package dev.rapport.platform.api;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.runtime.Startup;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.container.ResourceInfo;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.util.Arrays;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.resteasy.reactive.server.ServerRequestFilter;
import org.jboss.resteasy.reactive.server.spi.ResteasyReactiveContainerRequestContext;

/**
 * Load shedding: a service works on at most {@code rapport.http.max-in-flight} REST requests at
 * once; one more is answered at once with 503 problem+json and {@code Retry-After}, before any of
 * its work starts. Without it a service under more load than it can serve queues requests
 * without end (the database pool's wait queue is unbounded, and a request whose client gave up
 * still runs to its end: {@code @Cancellable(false)}), until its heap is full of them (the
 * benchmark of 2026-12-03, B4: 6,622 waiting view requests and {@code OutOfMemoryError}s).
 *
 * <p>A request holds its place until its work has ended (the request context's completion, which
 * comes after its transaction, also when the client has disconnected), not until its connection
 * closes: a client that times out and retries does not make room for more work. An event stream
 * (a method producing {@code text/event-stream}) gives its place back once it is set up: streams
 * live for hours and are bounded by their own caps. Health, metrics and OpenAPI ({@code /q/})
 * are not REST resources and are never shed, so a loaded service still answers its probes.
 */
@Startup // its meters exist from start-up, at 0, for the alert's rate()
@ApplicationScoped
public class RequestsInFlight {

    /** The request property that holds a request's place. */
    static final String PLACE = RequestsInFlight.class.getName() + ".place";
    static final int RETRY_AFTER_SECONDS = 1;

    private final int limit;
    private final AtomicInteger inFlight = new AtomicInteger();
    private final Counter shed;

    public RequestsInFlight(@ConfigProperty(name = "rapport.http.max-in-flight", defaultValue = "128") int limit,
                            MeterRegistry registry) {
        this.limit = limit;
        Gauge.builder("rapport.http.requests.in.flight", inFlight, AtomicInteger::get)
                .description("REST requests being worked on (event streams once set up are not counted)").register(registry);
        this.shed = Counter.builder("rapport.http.requests.shed")
                .description("REST requests refused with 503 because rapport.http.max-in-flight were being worked on")
                .register(registry);
    }

    /** Runs before every other filter: a shed request costs no more than this. */
    @ServerRequestFilter(preMatching = true, priority = 0)
    public Optional<Response> admit(ResteasyReactiveContainerRequestContext request) {
        if (inFlight.incrementAndGet() > limit) {
            inFlight.decrementAndGet();
            shed.increment();
            Problem problem = Problem.of(503, "Service unavailable",
                    "The service is working on as many requests as it takes (" + limit + "); retry after "
                            + RETRY_AFTER_SECONDS + " s");
            return Optional.of(Response.status(503).type(Problem.MEDIA_TYPE).header("Retry-After", RETRY_AFTER_SECONDS)
                    .entity(problem).build());
        }
        Place place = new Place();
        request.setProperty(PLACE, place);
        request.getServerRequestContext().registerCompletionCallback(failure -> place.giveBack());
        return Optional.empty();
    }

    @ServerRequestFilter
    public void streamsGiveBack(ContainerRequestContext request, ResourceInfo resource) {
        if (producesEventStream(resource) && request.getProperty(PLACE) instanceof Place place) {
            place.giveBack();
        }
    }

    /** Requests being worked on now. */
    public int inFlight() {
        return inFlight.get();
    }

    private static boolean producesEventStream(ResourceInfo resource) {
        Produces produces = resource.getResourceMethod() == null ? null : resource.getResourceMethod().getAnnotation(Produces.class);
        return produces != null && Arrays.asList(produces.value()).contains(MediaType.SERVER_SENT_EVENTS);
    }

    /** One request's place, given back once whichever comes first: its stream set up, or its end. */
    private final class Place {
        private final AtomicBoolean held = new AtomicBoolean(true);

        void giveBack() {
            if (held.compareAndSet(true, false)) {
                inFlight.decrementAndGet();
            }
        }
    }
}
