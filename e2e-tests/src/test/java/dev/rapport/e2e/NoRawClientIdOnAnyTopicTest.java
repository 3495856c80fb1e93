package dev.rapport.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Privacy end to end (docs/privacy.md): after whatever the platform has been through, no record on
 * any topic, dead-letter topics included, carries a demo client's raw id, in its key, value or
 * headers.
 */
class NoRawClientIdOnAnyTopicTest {

    /** The client accounts of deploy/keycloak/rapport-realm.json, used by the e2e scenarios. */
    private static final List<String> CLIENTS = List.of(Platform.CLIENT1.toString(),
            "33333333-3333-4333-8333-333333333332", "33333333-3333-4333-8333-333333333333");

    @Test
    void noTopicRecordCarriesARawClientId() throws Exception {
        List<Topics.Entry> records = Topics.everyRecord();
        List<String> found = records.stream().filter(r -> CLIENTS.stream().anyMatch(r.text()::contains)).map(Topics.Entry::where).toList();
        System.out.printf("scanned %d records of every topic for raw client ids%n", records.size());
        assertEquals(List.of(), found, "records with a raw client id");
    }
}
