package dev.rapport.testing;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * The test sends requests that break the OpenAPI document on purpose (malformed JSON, wrong
 * types, missing tokens, out-of-range values): {@link OpenApiValidation} checks only the
 * responses of its calls, which the document must still describe.
 */
@Retention(RetentionPolicy.RUNTIME)
@Target({ElementType.METHOD, ElementType.TYPE})
public @interface SendsInvalidRequests {}
