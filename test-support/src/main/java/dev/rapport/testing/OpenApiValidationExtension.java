package dev.rapport.testing;

import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/** {@link OpenApiValidation} for plain JUnit tests, such as the e2e suite's (registered there by JUnit's extension auto-detection). */
public class OpenApiValidationExtension implements BeforeEachCallback, AfterEachCallback {

    @Override
    public void beforeEach(ExtensionContext context) {
        OpenApiValidation.begin(context.getRequiredTestClass(), context.getTestMethod().orElse(null));
    }

    @Override
    public void afterEach(ExtensionContext context) {
        OpenApiValidation.end();
    }
}
