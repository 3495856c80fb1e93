package dev.rapport.feedback.api;

import dev.rapport.testing.OpenApiDocument;
import io.quarkus.test.junit.QuarkusTest;
import org.junit.jupiter.api.Test;

@QuarkusTest
class OpenApiDocumentTest {

    /** docs/openapi/feedback-service.yaml is what the service serves at /q/openapi (rewritten, and failing, when not). */
    @Test
    void theDocumentInTheRepositoryIsTheServedOne() {
        OpenApiDocument.check("feedback-service");
    }
}
