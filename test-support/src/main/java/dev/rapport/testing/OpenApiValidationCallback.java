package dev.rapport.testing;

import io.quarkus.test.junit.callback.QuarkusTestAfterEachCallback;
import io.quarkus.test.junit.callback.QuarkusTestBeforeEachCallback;
import io.quarkus.test.junit.callback.QuarkusTestMethodContext;

/** {@link OpenApiValidation} for every {@code @QuarkusTest} of a module that has test-support (a service loader finds it). */
public class OpenApiValidationCallback implements QuarkusTestBeforeEachCallback, QuarkusTestAfterEachCallback {

    @Override
    public void beforeEach(QuarkusTestMethodContext context) {
        OpenApiValidation.begin(context.getTestInstance().getClass(), context.getTestMethod());
    }

    @Override
    public void afterEach(QuarkusTestMethodContext context) {
        OpenApiValidation.end();
    }
}
