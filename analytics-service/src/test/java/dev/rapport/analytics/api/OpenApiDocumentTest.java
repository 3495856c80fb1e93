package dev.rapport.analytics.api;

import dev.rapport.testing.OpenApiDocument;
import io.quarkus.test.junit.QuarkusTest;
import org.junit.jupiter.api.Test;

@QuarkusTest
class OpenApiDocumentTest {

    /** docs/openapi/analytics-service.yaml is what the service serves at /q/openapi (rewritten, and failing, when not). */
    @Test
    void theDocumentInTheRepositoryIsTheServedOne() {
        OpenApiDocument.check("analytics-service");
    }
}
