package dev.rapport.analytics.messaging;

import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.rapport.testing.QueryPlans;
import dev.rapport.testing.TestTokens;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.util.UUID;
import org.hibernate.reactive.mutiny.Mutiny;
import org.junit.jupiter.api.Test;

/**
 * Consuming a counsellor's events, publishing their view and reading it over REST stores nothing
 * in Hibernate's query plan cache. Hibernate Reactive 3.2 never finds a native select's plan there
 * (its result-set mappings have no equals), so each execution stored one more plan under the same
 * hash and each lookup walked them all: 17 % of analytics-service's CPU under load, before the cache
 * was turned off (application.properties).
 */
@QuarkusTest
class QueryPlanCacheTest {

    @Inject
    Mutiny.SessionFactory sessions;

    @Inject
    AllianceMetricsPublisher publisher;

    @Test
    void consumingPublishingAndReadingStoreNoPlan() {
        round();
        int plans = QueryPlans.cached(sessions);
        round();
        assertEquals(plans, QueryPlans.cached(sessions), "plans stored by a second round of the same statements");
        assertEquals(0, plans, "plans cached");
    }

    /** A new counsellor's ended session and form, consumed and published; their view, alerts, the list and the summary read. */
    private void round() {
        Scenario s = new Scenario();
        UUID counsellor = UUID.randomUUID();
        UUID client = UUID.randomUUID();
        s.form(counsellor, client, s.ended(counsellor, client, 1), "srs", "alliance", "38", "95.00", 1);
        s.sessionEvents.forEach(Scenario.Event::send);
        s.feedbackEvents.forEach(Scenario.Event::send);
        await().atMost(Scenario.DEADLINE).until(() -> ((Number) Views.view(counsellor, "30d").get("allianceForms")).intValue() == 1);
        await().atMost(Scenario.DEADLINE).until(() -> publisher.pending() == 0);
        Views.alerts(counsellor);
        Views.summary("30d");
        given().header("Authorization", TestTokens.bearer(UUID.randomUUID(), "supervisor"))
                .get("/api/metrics/counsellors?window=30d&sort=allianceIndex").then().statusCode(200);
    }
}
