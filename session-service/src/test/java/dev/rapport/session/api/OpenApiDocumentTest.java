package dev.rapport.session.api;

import dev.rapport.testing.OpenApiDocument;
import io.quarkus.test.junit.QuarkusTest;
import org.junit.jupiter.api.Test;

@QuarkusTest
class OpenApiDocumentTest {

    /** docs/openapi/session-service.yaml is what the service serves at /q/openapi (rewritten, and failing, when not). */
    @Test
    void theDocumentInTheRepositoryIsTheServedOne() {
        OpenApiDocument.check("session-service");
    }
}
