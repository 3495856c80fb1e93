package dev.rapport.analytics.messaging;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.rapport.analytics.service.FeedbackRecorder;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.vertx.VertxContextSupport;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.inject.Inject;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.record.RecordBatch;
import org.apache.kafka.common.record.TimestampType;
import org.junit.jupiter.api.Test;

/**
 * What publishing a view costs, for a counsellor with a week of forms and one with a year: the
 * SQL statements are counted as Hibernate issues them (its org.hibernate.SQL log), the time
 * measured. The statements do not grow with the history, and none reads the forms, the sessions
 * or the client states: the per-client figures are sums of client_figure_day (rows only on the
 * days of clients' latest forms and episodes), a window's distinct clients come from
 * client_latest_form and counsellor_client (one row per client), which also names the clients
 * whose safety alerts the view counts. Reading a view whose stored copy is current is one
 * statement. Consuming a form costs the same statements after a year as after a week.
 */
@QuarkusTest
class StatementsPerViewTest {

    private static final Duration DEADLINE = Duration.ofSeconds(60);

    @Inject
    AllianceMetricsPublisher publisher;

    @Inject
    Pool pool;

    @Inject
    FeedbackRecorder recorder;

    @Test
    void theStatementsOfAPublishedViewDoNotGrowWithTheHistory() throws Throwable {
        UUID week = counsellorWithForms(7, 1);
        UUID year = counsellorWithForms(365, 7);
        await().atMost(DEADLINE).until(() -> publisher.pending() == 0);

        Cost ofWeek = publish(week);
        Cost ofYear = publish(year);
        System.out.printf("Statements per published view: a week of forms %d (%.1f ms), a year %d (%.1f ms)%n%s%n",
                ofWeek.statements().size(), ofWeek.millis(), ofYear.statements().size(), ofYear.millis(),
                String.join("\n", ofYear.statements()));
        assertTrue(ofWeek.statements().size() > 0, "no statement seen: is org.hibernate.SQL still where Hibernate logs them?");
        assertEquals(ofWeek.statements().size(), ofYear.statements().size(), "a year: " + ofYear.statements());
        List<String> formsRead = ofYear.statements().stream().filter(sql -> sql.contains("feedback_fact")).toList();
        assertEquals(List.of(), formsRead, "a view reads no forms");
        List<String> sessionsRead = ofYear.statements().stream().filter(sql -> sql.contains("session_fact")).toList();
        assertEquals(List.of(), sessionsRead, "a view reads no sessions");
        List<String> statesRead = ofYear.statements().stream().filter(sql -> sql.contains("client_history")).toList();
        assertEquals(List.of(), statesRead, "a view reads no client states, only their figure rows");
        assertTrue(ofYear.statements().stream().anyMatch(sql -> sql.contains("client_figure_day")), "the clients' figure rows are read");
        assertTrue(ofYear.statements().stream().anyMatch(sql -> sql.contains("client_latest_form")), "the clients' latest forms are read");
        assertTrue(ofYear.statements().stream().anyMatch(sql -> sql.contains("counsellor_client")), "the counsellor's clients are read");
    }

    /**
     * What consuming a form costs: the statements of a consumed batch (of one form, into a history
     * of a week and of a year) do not grow with the history either.
     */
    @Test
    void theStatementsOfAConsumedFormDoNotGrowWithTheHistory() throws Throwable {
        History week = history(7, 1);
        History year = history(365, 1);
        await().atMost(DEADLINE).until(() -> publisher.pending() == 0);

        Cost ofWeek = cost(() -> consumeOneMore(week));
        Cost ofYear = cost(() -> consumeOneMore(year));
        System.out.printf("Statements per consumed batch of one form: a week of forms %d (%.1f ms), a year %d (%.1f ms)%n%s%n",
                ofWeek.statements().size(), ofWeek.millis(), ofYear.statements().size(), ofYear.millis(),
                String.join("\n", ofYear.statements()));
        assertEquals(ofWeek.statements().size(), ofYear.statements().size(), "a year: " + ofYear.statements());
        assertEquals(368, ((Number) Views.view(year.counsellor(), "all").get("allianceForms")).intValue(), "the three forms were stored");
    }

    /**
     * A GET of the view reads the view the publisher stored, one statement, while no change has
     * overtaken it; after a change it is computed again, to the same figures when the change
     * altered none (here a change counted without new data).
     */
    @Test
    void aViewIsOneStatementWhileItsStoredViewIsCurrent() throws Throwable {
        UUID year = counsellorWithForms(365, 7);
        await().atMost(DEADLINE).until(() -> publisher.pending() == 0);
        VertxContextSupport.subscribeAndAwait(() -> publisher.publish(List.of(year)));

        Cost stored = cost(() -> Views.view(year, "all"));
        assertEquals(1, stored.statements().size(), "a current stored view: " + stored.statements());
        assertTrue(stored.statements().get(0).contains("counsellor_view"), stored.statements().get(0));

        pool.preparedQuery("UPDATE counsellor_view SET changes = changes + 1 WHERE counsellor_id = $1").execute(Tuple.of(year))
                .await().indefinitely();
        Map<String, Object> before = Views.view(year, "all");
        Cost computed = cost(() -> Views.view(year, "all"));
        System.out.printf("A view read: stored %d statement(s) (%.1f ms), computed %d (%.1f ms)%n",
                stored.statements().size(), stored.millis(), computed.statements().size(), computed.millis());
        assertTrue(computed.statements().size() > 1, "behind a change the view is computed: " + computed.statements());

        VertxContextSupport.subscribeAndAwait(() -> publisher.publish(List.of(year)));
        Map<String, Object> after = Views.view(year, "all");
        assertEquals(1, cost(() -> Views.view(year, "all")).statements().size(), "published again, the stored view is current");
        before.remove("asOf");
        after.remove("asOf");
        assertEquals(before, after, "the stored view has the computed figures");
    }

    /**
     * A flush publishes its counsellors' views together: several cost the statements of one, and
     * each counsellor's view is the one published alone.
     */
    @Test
    void aFlushOfSeveralViewsCostsTheStatementsOfOne() throws Throwable {
        UUID week = counsellorWithForms(7, 1);
        UUID year = counsellorWithForms(365, 7);
        await().atMost(DEADLINE).until(() -> publisher.pending() == 0);

        Cost alone = publish(List.of(year));
        Map<String, Object> yearAlone = Views.view(year, "all");
        publish(List.of(week));
        Map<String, Object> weekAlone = Views.view(week, "all");
        Cost together = publish(List.of(week, year));
        System.out.printf("A flush: one view %d statements (%.1f ms), two %d (%.1f ms)%n",
                alone.statements().size(), alone.millis(), together.statements().size(), together.millis());
        assertEquals(alone.statements().size(), together.statements().size(), "two views: " + together.statements());

        for (var published : List.of(Map.entry(week, weekAlone), Map.entry(year, yearAlone))) {
            Map<String, Object> view = Views.view(published.getKey(), "all");
            view.remove("asOf");
            published.getValue().remove("asOf");
            assertEquals(published.getValue(), view, "published together, the view is the one published alone");
        }
    }

    private record Cost(List<String> statements, double millis) {}

    /** One publication of the counsellor's view, the best of three (warm). */
    private Cost publish(UUID counsellor) throws Throwable {
        return publish(List.of(counsellor));
    }

    /** One publication of these counsellors' views, the best of three (warm). */
    private Cost publish(List<UUID> counsellors) throws Throwable {
        return cost(() -> VertxContextSupport.subscribeAndAwait(() -> publisher.publish(counsellors)));
    }

    private interface Work {
        void run() throws Throwable;
    }

    /** The statements Hibernate issues while {@code work} runs, the best time of three (warm). */
    private static Cost cost(Work work) throws Throwable {
        Logger sql = Logger.getLogger("org.hibernate.SQL");
        Level before = sql.getLevel();
        Cost best = null;
        for (int i = 0; i < 3; i++) {
            List<String> statements = new CopyOnWriteArrayList<>();
            Handler counting = new Handler() {
                @Override
                public void publish(LogRecord record) {
                    statements.add(String.valueOf(record.getMessage()).replaceAll("\\s+", " ").trim());
                }

                @Override
                public void flush() {}

                @Override
                public void close() {}
            };
            sql.addHandler(counting);
            sql.setLevel(Level.FINE);
            long started = System.nanoTime();
            try {
                work.run();
            } finally {
                sql.setLevel(before);
                sql.removeHandler(counting);
            }
            Cost cost = new Cost(List.copyOf(statements), (System.nanoTime() - started) / 1e6);
            if (best == null || cost.millis() < best.millis()) {
                best = cost;
            }
        }
        return best;
    }

    /** A counsellor with {@code forms} srs forms, one a day, from {@code clients} clients, every form and session consumed. */
    private static UUID counsellorWithForms(int forms, int clients) {
        return history(forms, clients).counsellor();
    }

    /** A counsellor's history as {@link #history} made it: its first client's last session. */
    private record History(Scenario scenario, UUID counsellor, UUID client, UUID session) {}

    private static History history(int forms, int clients) {
        Scenario s = new Scenario();
        UUID counsellor = UUID.randomUUID();
        UUID[] client = new UUID[clients];
        UUID[] session = new UUID[clients];
        for (int c = 0; c < clients; c++) {
            client[c] = UUID.randomUUID();
            session[c] = s.ended(counsellor, client[c], forms);
        }
        for (int day = forms - 1; day >= 0; day--) {
            int c = day % clients;
            s.form(counsellor, client[c], session[c], "srs", "alliance", day % 2 == 0 ? "38" : "36", day % 2 == 0 ? "95.00" : "90.00", day);
        }
        try (var producer = Scenario.producer()) {
            s.sessionEvents.forEach(e -> producer.send(e.record()));
            s.feedbackEvents.forEach(e -> producer.send(e.record()));
        }
        // Two topics, two consumers: the sessions may be consumed after the forms.
        await().atMost(DEADLINE).until(() -> {
            Map<String, Object> view = Views.view(counsellor, "all");
            return ((Number) view.get("allianceForms")).intValue() == forms && ((Number) view.get("sessionsEnded")).intValue() == clients;
        });
        return new History(s, counsellor, client[0], session[0]);
    }

    /** One more form in the history, consumed the way the live consumer does it: a batch of one, through {@link FeedbackRecorder#consume}. */
    private void consumeOneMore(History history) throws Throwable {
        int before = history.scenario().feedbackEvents.size();
        history.scenario().form(history.counsellor(), history.client(), history.session(), "srs", "alliance", "38", "95.00", 0);
        ProducerRecord<String, String> sent = history.scenario().feedbackEvents.get(before).record();
        ConsumerRecord<String, String> record = new ConsumerRecord<>(sent.topic(), 0, 0L, RecordBatch.NO_TIMESTAMP,
                TimestampType.NO_TIMESTAMP_TYPE, -1, -1, sent.key(), sent.value(), sent.headers(), Optional.empty());
        VertxContextSupport.subscribeAndAwait(() -> recorder.consume("statements-per-view-test",
                List.of(FeedbackRecorder.Delivery.read(record))));
    }
}
